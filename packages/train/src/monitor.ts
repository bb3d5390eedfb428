import type { EpochLog } from './types.js';

/**
 * The EpochLog key a `monitor` name means: keys as they are (`valLoss`), and the progress bar's names as aliases
 * (`val_loss` → valLoss, `val_acc` / `val_accuracy` → valAccuracy, `top5_accuracy` / `top5Accuracy` → top5).
 *
 * @example
 * monitorKey('val_accuracy'); // 'valAccuracy'
 */
export function monitorKey(name: string): string {
  const parts = name.split('_').filter((p) => p !== '');
  if (parts.length === 0) return name;
  const val = parts[0] === 'val' && parts.length > 1;
  const rest = val ? parts.slice(1) : parts;
  let base = rest.map((p, i) => (i === 0 ? p : p[0].toUpperCase() + p.slice(1))).join('');
  if (base === 'acc') base = 'accuracy';
  else if (/^top\d+Accuracy$/.test(base)) base = base.slice(0, -'Accuracy'.length);
  return val ? `val${base[0].toUpperCase()}${base.slice(1)}` : base;
}

/** Whether 'auto' mode maximises `monitor`: accuracies (`valAccuracy`, `val_acc`) and top-k accuracies (`top5`, `valTop5`). */
export function maximises(monitor: string): boolean {
  return /acc|(^|val|_)top\d+$/i.test(monitor);
}

/** The monitored number in `logs` (by its key or its alias), or undefined when the log has neither. */
export function monitorValue(logs: EpochLog, name: string): number | undefined {
  const value = logs[name] ?? logs[monitorKey(name)];
  return typeof value === 'number' ? value : undefined;
}
