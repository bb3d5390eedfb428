import type { EpochLog } from '../types.js';
import type { MisclassifiedImage } from './image-grid.js';
import { parseRunLog } from './parse-run-log.js';

/** What a run was: the settings a report lists in its table. Any other key is listed too. */
export interface RunSettings {
  /** e.g. "784-256-10 relu" or "Sequential, 203,530 parameters". */
  model?: string;
  /** The optimizer's name and its options, e.g. `{ name: 'adam', lr: 0.001, betas: [0.9, 0.999] }`. */
  optimizer?: { name: string; [option: string]: unknown } | string;
  seed?: number | string;
  batchSize?: number;
  epochs?: number;
  [key: string]: unknown;
}

/** One run as a report draws it: per-epoch logs, optional per-step losses, settings and test results. */
export interface ReportRun {
  name: string;
  epochs: EpochLog[];
  /** One entry per optimizer step, in order (the loss of that batch, and the lr it used). */
  steps?: { loss: number[]; lr?: number[] };
  settings?: RunSettings;
  confusionMatrix?: number[][];
  misclassified?: MisclassifiedImage[];
  /** What reading the run had to leave out (a truncated last line, say); the report prints these. */
  notes?: string[];
}

/** A run given as a History: `{ name, history, optimizer }` plus any settings to list. */
export interface HistoryRun {
  name: string;
  history: { epochs: EpochLog[] } | EpochLog[];
  optimizer?: RunSettings['optimizer'];
  steps?: ReportRun['steps'];
  confusionMatrix?: number[][];
  misclassified?: MisclassifiedImage[];
  [setting: string]: unknown;
}

/**
 * What `renderReport` takes for each run: a {@link ReportRun}, a {@link HistoryRun}, a History itself, the
 * text of a JSONLLogger file, or that file's lines parsed (one object per line).
 */
export type RunInput =
  | ReportRun
  | HistoryRun
  | { epochs: EpochLog[] }
  | string
  | ReadonlyArray<Record<string, unknown>>;

const RUN_KEYS = new Set([
  'name',
  'history',
  'steps',
  'confusionMatrix',
  'misclassified',
  'notes',
  'settings',
  'epochs',
]);

/** Brings either input shape to a {@link ReportRun}, checking what the charts rely on. */
export function toReportRun(input: RunInput, index: number): ReportRun {
  const where = `renderReport: runs[${index}]`;
  if (typeof input === 'string') return parseRunLog(input, { name: `run ${index + 1}`, source: `runs[${index}]` });
  if (Array.isArray(input))
    return parseRunLog(input.map((line) => JSON.stringify(line)).join('\n'), {
      name: `run ${index + 1}`,
      source: `runs[${index}]`,
    });
  if (input === null || typeof input !== 'object')
    throw new TypeError(
      `${where} must be a run { name, epochs } or { name, history }, got ${input === null ? 'null' : typeof input}`,
    );
  const raw = input as Partial<ReportRun> & Partial<HistoryRun>;
  const epochs = raw.epochs ?? (Array.isArray(raw.history) ? raw.history : raw.history?.epochs);
  if (!Array.isArray(epochs)) {
    // One run's JSONL lines passed as the list of runs: each line then looks like a run without epochs.
    const hint =
      typeof (raw as { loss?: unknown }).loss === 'number'
        ? "; it looks like one epoch log: pass one run's lines as renderReport([lines])"
        : '';
    throw new TypeError(
      `${where} must have epochs (an array of epoch logs) or history.epochs, got ${epochs === undefined ? 'neither' : typeof epochs}${hint}`,
    );
  }
  epochs.forEach((e, i) => {
    if (e === null || typeof e !== 'object' || typeof e.loss !== 'number')
      throw new TypeError(`${where}.epochs[${i}] must be an epoch log with a numeric loss, got ${JSON.stringify(e)}`);
  });
  if (raw.steps !== undefined && !Array.isArray(raw.steps?.loss))
    throw new TypeError(`${where}.steps must be { loss: number[], lr?: number[] }`);
  const name = typeof raw.name === 'string' && raw.name !== '' ? raw.name : `run ${index + 1}`;
  let settings = raw.settings;
  if ('history' in raw) {
    // Every other key of a HistoryRun is a setting worth listing (optimizer, seed, batchSize, ...).
    settings = { ...settings };
    for (const [k, v] of Object.entries(raw)) if (!RUN_KEYS.has(k) && v !== undefined) settings[k] = v;
  }
  return {
    name,
    epochs,
    steps: raw.steps,
    settings,
    confusionMatrix: raw.confusionMatrix,
    misclassified: raw.misclassified,
    notes: raw.notes,
  };
}
