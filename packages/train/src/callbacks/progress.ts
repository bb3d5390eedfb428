import type { Callback, TrainContext } from '../callback.js';
import type { BatchLog, EpochLog } from '../types.js';
import { checkKeys, show } from '../options.js';

/** Where progress goes: a stream with `write` (process.stdout); `isTTY` picks the live bar. */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Options of {@link Progress}. */
export interface ProgressOptions {
  /** 1: a live bar on a TTY, one line per epoch otherwise; 2: one line per epoch always. */
  verbose?: 1 | 2;
  out?: ProgressOutput;
  /** Width of the bar in characters (default 30). */
  width?: number;
}

const LABELS: Record<string, string> = { loss: 'loss', accuracy: 'acc', valLoss: 'val_loss', valAccuracy: 'val_acc' };

/** Short names for the numbers shown: accuracy → acc, valLoss → val_loss, valTop5 → val_top5. */
export function metricLabel(key: string): string {
  if (LABELS[key]) return LABELS[key];
  const val = key.startsWith('val') && key.length > 3 && key[3] === key[3].toUpperCase();
  const base = val ? key[3].toLowerCase() + key.slice(4) : key;
  const short = base.replace(/Accuracy$/, '').replace(/^accuracy$/, 'acc');
  return val ? `val_${short}` : short;
}

function defaultOutput(): ProgressOutput {
  const stdout = (globalThis as { process?: { stdout?: ProgressOutput } }).process?.stdout;
  if (stdout && typeof stdout.write === 'function') return stdout;
  let line = '';
  return {
    write: (s: string) => {
      line += s;
      const i = line.lastIndexOf('\n');
      if (i >= 0) {
        console.log(line.slice(0, i));
        line = line.slice(i + 1);
      }
    },
    isTTY: false,
  };
}

/**
 * Keras-style progress: on a TTY a bar redrawn as batches finish
 * (`Epoch 3/10  63/63 [=====>....] ETA 4s  loss 0.2950  acc 0.9123`), on a pipe one plain line per epoch.
 * The Trainer adds one unless `verbose: 0`.
 */
export class Progress implements Callback {
  private readonly out: ProgressOutput;
  private readonly live: boolean;
  private readonly width: number;
  private epochStart = 0;
  private lastDraw = 0;
  private lossSum = 0;
  private seen = 0;

  constructor(options: ProgressOptions = {}) {
    checkKeys('Progress', options, ['verbose', 'out', 'width']);
    const { verbose = 1, out = defaultOutput(), width = 30 } = options;
    if (verbose !== 1 && verbose !== 2) throw new RangeError(`Progress: verbose must be 1 or 2, got ${show(verbose)}`);
    if (!out || typeof out.write !== 'function')
      throw new TypeError(`Progress: out must have write(text) (process.stdout), got ${show(out)}`);
    if (!Number.isInteger(width) || width < 1)
      throw new RangeError(`Progress: width must be a positive integer, got ${show(width)}`);
    this.out = out;
    this.live = verbose === 1 && out.isTTY === true;
    this.width = width;
  }

  onEpochBegin(): void {
    this.epochStart = performance.now();
    this.lastDraw = 0;
  }

  onBatchEnd(batch: number, logs: BatchLog, ctx: TrainContext): void {
    if (!this.live) return;
    if (batch === 1) {
      this.lossSum = 0;
      this.seen = 0;
    }
    this.lossSum += logs.loss * logs.size;
    this.seen += logs.size;
    const now = performance.now();
    if (batch < ctx.numBatches && now - this.lastDraw < 100) return; // redraw at most ten times a second
    this.lastDraw = now;
    const eta = (((now - this.epochStart) / batch) * (ctx.numBatches - batch)) / 1000;
    const { batch: _b, size: _s, ...metrics } = logs;
    // The running mean is more readable than one batch's loss, so show the epoch so far.
    const shown = { ...metrics, loss: this.lossSum / this.seen };
    this.out.write(
      `\r\x1b[K${this.head(ctx, batch)} ${this.bar(batch / ctx.numBatches)} ETA ${formatSeconds(eta)}${formatMetrics(shown)}`,
    );
  }

  onEpochEnd(epoch: number, logs: EpochLog, ctx: TrainContext): void {
    const { epoch: _e, lr: _lr, seconds, ...metrics } = logs;
    const bar = this.live ? ` ${this.bar(1)}` : '';
    const line = `Epoch ${epoch}/${ctx.epochs}  ${ctx.numBatches}/${ctx.numBatches}${bar} ${formatSeconds(seconds)}${formatMetrics(metrics)}`;
    this.out.write(`${this.live ? '\r\x1b[K' : ''}${line}\n`);
  }

  private head(ctx: TrainContext, batch: number): string {
    return `Epoch ${ctx.history.epochs.length + 1}/${ctx.epochs}  ${String(batch).padStart(String(ctx.numBatches).length)}/${ctx.numBatches}`;
  }

  private bar(fraction: number): string {
    const filled = Math.min(this.width, Math.floor(fraction * this.width));
    const body =
      filled >= this.width
        ? '='.repeat(this.width)
        : `${'='.repeat(Math.max(0, filled - 1))}>${'.'.repeat(this.width - Math.max(filled, 1))}`;
    return `[${body}]`;
  }
}

function formatMetrics(metrics: Record<string, number | undefined>): string {
  return (
    Object.entries(metrics)
      // lr1, lr2, … are other groups' lrs, hidden as `lr` is; a count is shown only once there is something to count.
      .filter(([k, v]) => typeof v === 'number' && !/^lr\d+$/.test(k) && !(k === 'skippedSteps' && v === 0))
      .map(([k, v]) => (k === 'skippedSteps' ? `  skipped ${v}` : `  ${metricLabel(k)} ${(v as number).toFixed(4)}`))
      .join('')
  );
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 10) return `${s.toFixed(1)}s`;
  if (s < 60) return `${Math.round(s)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}
