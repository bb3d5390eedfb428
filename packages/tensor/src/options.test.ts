import { describe, expect, it } from 'vitest';
import { checkOptionKeys, closestName, showValue } from './index.js';

describe('checkOptionKeys, closestName, showValue', () => {
  it('names the unknown key, the nearest known one and all known ones', () => {
    expect(() => checkOptionKeys('f', { epoch: 5 }, ['epochs', 'batchSize'])).toThrow(
      'f: unknown option "epoch" (did you mean "epochs"?); known options: epochs, batchSize',
    );
    expect(() => checkOptionKeys('f', { zzzzzz: 1 }, ['epochs'])).toThrow(
      'f: unknown option "zzzzzz"; known options: epochs',
    );
    expect(() => checkOptionKeys('f', 3, ['epochs'])).toThrow('f: options must be an object { epochs }, got 3');
    expect(closestName('batch_size', ['epochs', 'batchSize'])).toBe('batchSize');
    expect(closestName('lr', ['epochs'])).toBeUndefined();
    expect(closestName('reduce', ['reduction'])).toBe('reduction');
    expect(closestName('epoch', ['batchSize', 'epochs'])).toBe('epochs');
    expect(closestName('rate', ['reduction'])).toBeUndefined();
    expect([showValue('8'), showValue(8), showValue([1, '2']), showValue(null)]).toEqual([
      '"8"',
      '8',
      '[1, "2"]',
      'null',
    ]);
  });
});

describe('unknown option keys in the everyday constructors', () => {
  it('name the right key instead of silently taking a default', async () => {
    const { arange, tensor, zeros, randn } = await import('./index.js');
    expect(() => tensor([1, 2], { dtpye: 'float64' } as never)).toThrow(
      'tensor: unknown option "dtpye" (did you mean "dtype"?)',
    );
    expect(() => zeros([2], { requires_grad: true } as never)).toThrow(
      'zeros: unknown option "requires_grad" (did you mean "requiresGrad"?)',
    );
    expect(() => arange(0, 3, 1, { dtyp: 'float64' } as never)).toThrow(
      'arange: unknown option "dtyp" (did you mean "dtype"?)',
    );
    expect(() => randn([2], { sd: 2 } as never)).toThrow('randn: unknown option "sd" (did you mean "std"?)');
  });
});
