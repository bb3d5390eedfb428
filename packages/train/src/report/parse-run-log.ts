import { checkOptionKeys, decodeBase64, encodeBase64 } from '@adamant/tensor';
import type { EpochLog } from '../types.js';
import type { MisclassifiedImage } from './image-grid.js';
import type { ReportRun, RunSettings } from './run.js';

/**
 * Reads the JSON Lines that JSONLLogger writes into a run `renderReport` draws. Each line is an epoch log;
 * it may carry `steps` (that epoch's per-batch losses and lrs), the first of a fit `run` (its settings),
 * and a last line `test` (loss, accuracy, confusion matrix, misclassified images). Plain epoch logs
 * (round 1's format) read too. A line cut short at the end (an interrupted run) is left out with a
 * note; anything else that is not such a line is an error naming its line number.
 *
 * @example
 * const run = parseRunLog(readFileSync('adam.jsonl', 'utf8'), { name: 'adam' });
 * const html = renderReport([run]);
 */
export function parseRunLog(text: string, options: { name?: string; source?: string } = {}): ReportRun {
  checkOptionKeys('parseRunLog', options, ['name', 'source']);
  const { name = 'run', source = name } = options;
  const where = `parseRunLog: ${source}`;
  if (typeof text !== 'string')
    throw new TypeError(`${where}: expected the file's text as a string, got ${typeof text}`);
  if (text.trim() === '')
    throw new Error(
      `${where} is empty; expected one JSON object per line, as JSONLLogger writes (did the run end before its first epoch?)`,
    );
  const lines = text.split('\n');
  const run: ReportRun = { name, epochs: [], notes: [] };
  const stepLoss: number[] = [],
    stepLr: number[] = [];
  let lrEveryStep = true,
    anySteps = false;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const at = `${where} line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      // The last line without its newline is a write the run did not finish; earlier lines are corrupt.
      if (i === lines.length - 1) {
        run.notes!.push(`line ${i + 1} is cut short (the run stopped while writing it), so it is left out`);
        return;
      }
      throw new Error(
        `${at} is not JSON (${(err as Error).message}): ${JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}…` : line)}`,
      );
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new Error(`${at}: expected a JSON object (an epoch log), got ${JSON.stringify(value)}`);
    const { steps, run: settings, test, ...log } = value as Record<string, unknown>;
    if (settings !== undefined && run.settings === undefined) run.settings = settings as RunSettings;
    if (test !== undefined) readTest(at, test, run);
    if (test !== undefined && log.loss === undefined) return;
    if (typeof log.loss !== 'number' && log.loss !== null)
      throw new Error(
        `${at}: expected an epoch log { epoch, loss, ... } with a numeric loss, got ${JSON.stringify(value).slice(0, 120)}`,
      );
    // JSON has no NaN: JSON.stringify wrote a diverged loss as null.
    for (const k of Object.keys(log)) if (log[k] === null) log[k] = NaN;
    run.epochs.push({
      ...(log as unknown as EpochLog),
      epoch: typeof log.epoch === 'number' ? log.epoch : run.epochs.length + 1,
    });
    if (steps !== undefined) {
      const s = steps as { loss?: unknown; lr?: unknown };
      if (!Array.isArray(s.loss))
        throw new Error(
          `${at}: expected steps to be { loss: number[], lr: number[] }, got ${JSON.stringify(steps).slice(0, 80)}`,
        );
      anySteps = true;
      stepLoss.push(...s.loss.map((v) => (v === null ? NaN : Number(v))));
      if (Array.isArray(s.lr) && s.lr.length === s.loss.length) stepLr.push(...s.lr.map(Number));
      else lrEveryStep = false;
    } else {
      lrEveryStep = false;
    }
  });
  if (run.epochs.length === 0 && !run.confusionMatrix)
    throw new Error(`${where} has no complete epoch log; expected one JSON object per line, as JSONLLogger writes`);
  if (anySteps) run.steps = lrEveryStep ? { loss: stepLoss, lr: stepLr } : { loss: stepLoss };
  if (run.notes!.length === 0) delete run.notes;
  return run;
}

function readTest(at: string, test: unknown, run: ReportRun): void {
  const t = test as { confusionMatrix?: unknown; misclassified?: unknown };
  if (t === null || typeof t !== 'object')
    throw new Error(`${at}: expected test to be an object, got ${JSON.stringify(test)}`);
  if (t.confusionMatrix !== undefined) {
    const m = t.confusionMatrix;
    if (!Array.isArray(m) || !m.every((row) => Array.isArray(row) && row.length === m.length))
      throw new Error(`${at}: expected test.confusionMatrix to be a square array of counts`);
    run.confusionMatrix = m as number[][];
  }
  if (Array.isArray(t.misclassified)) {
    run.misclassified = t.misclassified.map(
      (m: { pixels: string | number[]; label: number; predicted: number; width?: number }): MisclassifiedImage => ({
        // Base64 bytes, 0..255: a quarter the size of the numbers written out.
        pixels: typeof m.pixels === 'string' ? Array.from(decodeBase64(m.pixels), (b) => b / 255) : m.pixels,
        label: m.label,
        predicted: m.predicted,
        width: m.width,
      }),
    );
  }
}

/** A misclassified image as a `test` line stores it: pixels as base64 bytes. */
export function encodeImage(img: MisclassifiedImage): {
  pixels: string;
  label: number;
  predicted: number;
  width?: number;
} {
  const bytes = Uint8Array.from(img.pixels as ArrayLike<number>, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
  return {
    pixels: encodeBase64(bytes),
    label: img.label,
    predicted: img.predicted,
    ...(img.width === undefined ? {} : { width: img.width }),
  };
}
