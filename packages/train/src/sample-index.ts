import type { DataLoader } from '@adamant/data';

/**
 * Runs the loss of one training batch; if it rejects a target "at position k" (a label out of range),
 * the message also names the sample's index in the training set, which the shuffle had hidden: position
 * k of batch b in epoch e is sample `loader.order(e)[(b − 1)·batchSize + k]`.
 *
 * @example
 * const loss = lossOfBatch(() => crossEntropy(pred, y), loader, epoch - 1, batch);
 * // crossEntropy: target 12 at position 3 (training sample 4711, batch 2 of epoch 1) is out of range; …
 */
export function lossOfBatch<T>(compute: () => T, loader: DataLoader, epochIndex: number, batch: number): T {
  try {
    return compute();
  } catch (err) {
    const m = err instanceof Error ? /at position (\d+)/.exec(err.message) : null;
    if (m !== null) {
      const sample = loader.order(epochIndex)[(batch - 1) * loader.batchSize + Number(m[1])];
      if (sample !== undefined)
        (err as Error).message = (err as Error).message.replace(
          m[0],
          `${m[0]} (training sample ${sample}, batch ${batch} of epoch ${epochIndex + 1})`,
        );
    }
    throw err;
  }
}
