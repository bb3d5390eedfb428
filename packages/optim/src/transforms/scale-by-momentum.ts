import type { BufferSpec } from '../optimizer.js';
import type { Transform } from './transform.js';

interface MomentumOptions {
  momentum: number;
  dampening?: number;
  nesterov?: boolean;
}

/**
 * Heavy-ball momentum, PyTorch's form: b ← momentum·b + (1 − dampening)·u (b ← u on the first step), then u ← b, or
 * u ← u + momentum·b with nesterov (Sutskever et al. 2013). The buffer `momentumBuffer` exists while the group's
 * momentum is non-zero (`when` narrows it: RMSprop's while > 0); dampening and nesterov default to 0 and false.
 *
 * @example
 * chain(negateIfMaximize(), addL2(), scaleByMomentum(), scaleByLearningRate()); // SGD
 */
export function scaleByMomentum({ when = (g: MomentumOptions) => g.momentum !== 0 } = {}): Transform<MomentumOptions> {
  const buffers: BufferSpec<MomentumOptions>[] = [{ name: 'momentumBuffer', when }];
  return {
    buffers,
    apply(u, _p, b, { group, fresh }) {
      const { momentum } = group;
      if (!when(group)) return;
      const damp = 1 - (group.dampening ?? 0);
      const nesterov = group.nesterov ?? false;
      const buf = b.momentumBuffer;
      for (let i = 0; i < u.length; i++) {
        // PyTorch seeds the buffer with the first update itself, undamped.
        buf[i] = fresh ? u[i] : momentum * buf[i] + damp * u[i];
        u[i] = nesterov ? u[i] + momentum * buf[i] : buf[i];
      }
    },
  };
}
