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
