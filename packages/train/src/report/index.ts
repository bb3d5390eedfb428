export { renderReport, type ReportOptions } from './render-report.js';
export { parseRunLog, encodeImage } from './parse-run-log.js';
export { findMisclassified } from './misclassified.js';
export type { ReportRun, HistoryRun, RunInput, RunSettings } from './run.js';
export type { MisclassifiedImage } from './image-grid.js';
export { RunRecorder, runSettings, type RunRecorderOptions } from './run-recorder.js';
export { lineChart, smooth as smoothCurve, type Series as ChartSeries, type LineChartOptions } from './line-chart.js';
export { REPORT_CSS as reportStyles } from './page.js';
