// What the scheduler reference suites (src/schedulers/schedulers.test.ts and round2.test.ts) share: the fields
// of a case in schedulers.json / round2.json, reading those files, and the optimizer a case runs on, built as
// reference/common.py's scheduler_optimizer builds it for PyTorch.
import { readFileSync } from 'node:fs';
import { Adam, type Optimizer, SGD } from '../src/index.js';
import { param } from './helpers.js';

/** A scheduler case's optimizer, one group per lr, and the lrs (and momenta) PyTorch recorded at each step. */
export interface ScheduleCase {
  optimizer: 'sgd' | 'adam' | 'sgd-momentum';
  groupLrs: number[];
  lrs: number[][];
  momentum?: number[][];
}

/** Parses `test/reference/<file>`. */
export function readScheduleReference<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`./reference/${file}`, import.meta.url), 'utf8')) as T;
}

/** One zero parameter per group lr under plain SGD (lr 0.1), SGD with momentum 0.9, or Adam, as the case says. */
export function scheduleOptimizer(c: Pick<ScheduleCase, 'optimizer' | 'groupLrs'>): Optimizer<any> {
  const groups = c.groupLrs.map((lr) => ({ params: [param([0, 0], [2])], lr }));
  if (c.optimizer === 'adam') return new Adam(groups);
  return new SGD(groups, { lr: 0.1, momentum: c.optimizer === 'sgd-momentum' ? 0.9 : 0 });
}
