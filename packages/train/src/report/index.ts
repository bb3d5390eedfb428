export { renderReport, type ReportOptions } from './render-report.js';
export { parseRunLog, encodeImage } from './parse-run-log.js';
export { findMisclassified } from './misclassified.js';
export type { ReportRun, HistoryRun, RunInput, RunSettings } from './run.js';
export type { MisclassifiedImage } from './image-grid.js';
export { RunRecorder, runSettings, type RunRecorderOptions } from './run-recorder.js';
