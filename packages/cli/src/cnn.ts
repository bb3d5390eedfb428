import { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential, Unflatten } from '@adamant/nn';
import { createRng } from '@adamant/tensor';

/**
 * `--model cnn`: conv 1→16 3×3, ReLU, max-pool 2, conv 16→32 3×3, ReLU, max-pool 2, linear → 10,
 * for square single-channel images of `features` pixels (784 for MNIST and Fashion-MNIST).
 */
export function cnnModel(cmd: string, features: number, seed: number): Sequential {
  const side = Math.round(Math.sqrt(features)),
    after = Math.floor((Math.floor((side - 2) / 2) - 2) / 2);
  if (side * side !== features || after < 1)
    throw new Error(
      `${cmd}: --model cnn needs square images of at least 10×10 pixels, got ${features} features per sample`,
    );
  const rng = createRng(seed);
  return new Sequential(
    new Unflatten(1, [1, side, side]), // flat [N, side²] rows as images
    new Conv2d(1, 16, 3, { rng }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(16, 32, 3, { rng }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(32 * after * after, 10, { rng }),
  );
}
