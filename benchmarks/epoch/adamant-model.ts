// The epoch job's adamant model and optimizer, from the shared initial weights in `dir`.
import { tensor } from '@adamant/tensor';
import { mlp, type Sequential } from '@adamant/nn';
import { Adam } from '@adamant/optim';
import { EPS, LR, readWeights, SIZES } from './common.js';

export function loadAdamantJob(dir: string): { model: Sequential; opt: Adam } {
  const model = mlp([...SIZES], { activation: 'relu', seed: 0 });
  const state: Record<string, ReturnType<typeof tensor>> = {};
  readWeights(dir).layers.forEach((l, i) => {
    state[`${2 * i}.weight`] = tensor(l.weight, { shape: [l.out, l.in] });
    state[`${2 * i}.bias`] = tensor(l.bias, { shape: [l.out] });
  });
  model.loadStateDict(state);
  return { model, opt: new Adam(model.parameters(), { lr: LR, eps: EPS }) };
}
