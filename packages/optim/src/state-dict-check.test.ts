import { describe, expect, it } from 'vitest';
import { Adam, LBFGS, SGD } from './index.js';
import { param, setGrad } from '../test/helpers.js';

const params = (dtype: 'float32' | 'float64' = 'float64') => [
  param([0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2], [4, 3], dtype, '0.weight'),
  param([0.05, -0.05, 0, 1], [4], dtype, '0.bias'),
];
function trained(dtype: 'float32' | 'float64' = 'float64') {
  const ps = params(dtype);
  const opt = new Adam(ps, { lr: 0.01 });
  for (let t = 0; t < 2; t++) {
    for (const p of ps)
      setGrad(
        p,
        Array.from(p.data, (v) => v * 2 - 0.1),
      );
    opt.step();
  }
  return JSON.parse(JSON.stringify(opt.stateDict()));
}
const loadsInto = (sd: unknown, dtype: 'float32' | 'float64' = 'float64') => {
  const ps = params(dtype);
  const opt = new Adam(ps, { lr: 0.01 });
  const before = JSON.stringify(opt.stateDict());
  try {
    opt.loadStateDict(sd as never);
  } catch (err) {
    // Nothing is loaded by a failed call.
    expect(JSON.stringify(opt.stateDict())).toBe(before);
    throw err;
  }
};

describe('checkOptimizerStateDict (Optimizer.loadStateDict)', () => {
  it('loads what stateDict() wrote', () => {
    expect(() => loadsInto(trained())).not.toThrow();
  });
  it.each([
    [
      'expAvgSq 1e999 (Infinity)',
      (sd: any) => {
        sd.state['0.bias'].buffers.expAvgSq[0] = JSON.parse('1e999');
      },
      /Adam\.loadStateDict: buffer 'expAvgSq' of parameter '0\.bias' holds Infinity at index 0, expected a finite number/,
    ],
    [
      'a missing expAvg',
      (sd: any) => {
        delete sd.state['0.weight'].buffers.expAvg;
      },
      /Adam\.loadStateDict: state\["0\.weight"\]\.buffers has no 'expAvg'/,
    ],
    [
      'learningRate in a group',
      (sd: any) => {
        sd.paramGroups[0].learningRate = 0.1;
      },
      /Adam\.loadStateDict: paramGroups\[0\]: unknown option "learningRate"; known options: lr/,
    ],
    [
      'a negative lr in a group',
      (sd: any) => {
        sd.paramGroups[0].lr = -1;
      },
      /paramGroups\[0\]: lr must be a finite number >= 0, got -1/,
    ],
    [
      'shape "4,3"',
      (sd: any) => {
        sd.state['0.weight'].shape = '4,3';
      },
      /state\["0\.weight"\]\.shape must be a list of non-negative integers, got "4,3"/,
    ],
    [
      'paramGroups[0] = null',
      (sd: any) => {
        sd.paramGroups[0] = null;
      },
      /paramGroups\[0\] must be an object \{ params, \.\.\.options \}, got null/,
    ],
    [
      'a null state entry',
      (sd: any) => {
        sd.state['0.bias'] = null;
      },
      /state\["0\.bias"\] must be an object/,
    ],
    [
      'a string step',
      (sd: any) => {
        sd.state['0.bias'].step = '2';
      },
      /state\["0\.bias"\]\.step must be an integer >= 0, got "2"/,
    ],
    [
      'an unknown top-level key',
      (sd: any) => {
        sd.extra = 1;
      },
      /unknown key "extra"/,
    ],
    [
      'buffers as a string',
      (sd: any) => {
        sd.state['0.bias'].buffers = 'x';
      },
      /buffers must be an object of number arrays, got "x"/,
    ],
    [
      'a bad dtype',
      (sd: any) => {
        sd.state['0.bias'].dtype = 'int8';
      },
      /dtype must be "float32" or "float64", got "int8"/,
    ],
  ])('rejects %s, naming the field, and loads nothing', (_what, spoil, message) => {
    const sd = trained();
    spoil(sd);
    expect(() => loadsInto(sd)).toThrow(message);
  });
  it('rejects a value that is finite as a double but Infinity as float32', () => {
    const sd = trained('float32');
    sd.state['0.bias'].buffers.expAvg[2] = 1e39;
    expect(() => loadsInto(sd, 'float32')).toThrow(
      /buffer 'expAvg' of parameter '0\.bias' holds 1e\+39 at index 2, expected a finite float32 number/,
    );
  });
  it('wants the momentum buffer only where the group has momentum', () => {
    const p = param([1, 2], [2], 'float64', 'w');
    const plain = new SGD([p], { lr: 0.1 });
    setGrad(p, [1, 1]);
    plain.step();
    expect(() =>
      new SGD([param([1, 2], [2], 'float64', 'w')], { lr: 0.1 }).loadStateDict(plain.stateDict()),
    ).not.toThrow();
    const sd = JSON.parse(JSON.stringify(plain.stateDict()));
    sd.paramGroups[0].momentum = 0.9;
    expect(() => new SGD([param([1, 2], [2], 'float64', 'w')], { lr: 0.1 }).loadStateDict(sd)).toThrow(
      /has no 'momentumBuffer'/,
    );
  });
  it('LBFGS (its own loadStateDict) runs the shared checks too', () => {
    const p = param([1, 2], [2], 'float64', 'w');
    const opt = new LBFGS([p]);
    opt.step(() => {
      setGrad(
        p,
        Array.from(p.data, (v) => 2 * v),
      );
      return p.data[0] ** 2 + p.data[1] ** 2;
    });
    const sd = JSON.parse(JSON.stringify(opt.stateDict()));
    sd.paramGroups[0].learningRate = 1;
    expect(() => new LBFGS([param([1, 2], [2], 'float64', 'w')]).loadStateDict(sd)).toThrow(
      /LBFGS\.loadStateDict: paramGroups\[0\]: unknown option "learningRate"/,
    );
  });
});
