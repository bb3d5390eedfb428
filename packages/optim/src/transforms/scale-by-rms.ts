import type { BufferSpec } from '../optimizer.js';
import type { Transform } from './transform.js';

interface RmsOptions {
  alpha: number;
  eps: number;
  centered: boolean;
}

/**
 * RMSprop's rescaling (Hinton, Lecture 6e): v ← α·v + (1 − α)·u², u ← u / (√v + eps); `centered` divides by the
 * standard deviation instead, √(v − ḡ²) with ḡ ← α·ḡ + (1 − α)·u (Graves, arXiv:1308.0850). Buffers `squareAvg`
 * and, when centered, `gradAvg`.
 *
 * @example
 * chain(negateIfMaximize(), addL2(), scaleByRms(), scaleByLearningRate()); // RMSprop without momentum
 */
export function scaleByRms(): Transform<RmsOptions> {
  const buffers: BufferSpec<RmsOptions>[] = [{ name: 'squareAvg' }, { name: 'gradAvg', when: (g) => g.centered }];
  return {
    buffers,
    apply(u, _p, b, { group }) {
      const { alpha, eps, centered } = group;
      const sq = b.squareAvg;
      const ga = b.gradAvg;
      for (let i = 0; i < u.length; i++) {
        const d = u[i];
        sq[i] = alpha * sq[i] + (1 - alpha) * d * d;
        let avg: number;
        if (centered) {
          ga[i] = alpha * ga[i] + (1 - alpha) * d;
          avg = Math.sqrt(sq[i] - ga[i] * ga[i]) + eps;
        } else avg = Math.sqrt(sq[i]) + eps;
        u[i] = d / avg;
      }
    },
  };
}
