import { describe, expect, it } from 'vitest';
import { tensor } from '@adamant/tensor';
import { LambdaLR, MultiplicativeLR, SGD } from '../index.js';

const twoGroups = () => new SGD([{ params: [tensor([1, 2])] }, { params: [tensor([3])], lr: 1 }], { lr: 0.1 });

describe('LambdaLR and MultiplicativeLR share their lrLambda checks', () => {
  for (const [name, make] of [
    ['LambdaLR', (o: never) => new LambdaLR(twoGroups(), o)],
    ['MultiplicativeLR', (o: never) => new MultiplicativeLR(twoGroups(), o)],
  ] as const) {
    it(`${name}: one function per group, a known key only, a number from each call`, () => {
      expect(() => make({ lrLambda: [() => 1] } as never)).toThrow(
        `${name}: expected 2 lrLambda functions, one per group, got 1`,
      );
      expect(() => make({ lrLambda: 0.9 } as never)).toThrow(`${name}: lrLambda must be a function (epoch) => factor`);
      expect(() => make({ lrLambda: () => 1, lr_lambda: () => 1 } as never)).toThrow(
        `${name}: unknown option "lr_lambda" (did you mean "lrLambda"?); known options: lrLambda`,
      );
      const sched = make({ lrLambda: [() => 0.5, (e: number) => (e === 0 ? 1 : '2')] } as never);
      expect(() => sched.step()).toThrow(`${name}: lrLambda(1) must return a number, got 2`);
    });
  }

  it('LambdaLR scales the base lr; MultiplicativeLR compounds', () => {
    const a = twoGroups();
    const lambda = new LambdaLR(a, { lrLambda: [(e) => 0.5 ** e, () => 1] });
    const b = twoGroups();
    const mult = new MultiplicativeLR(b, { lrLambda: () => 0.5 });
    lambda.step();
    lambda.step();
    mult.step();
    mult.step();
    expect(a.paramGroups.map((g) => g.lr)).toEqual([0.025, 1]);
    expect(b.paramGroups.map((g) => g.lr)).toEqual([0.025, 0.25]);
  });
});
