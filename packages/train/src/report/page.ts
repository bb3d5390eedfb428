import { esc } from './svg.js';

// Light and dark through one set of variables; the charts' SVG draws with these classes only, so the
// page's colour scheme reaches them (a page that draws charts itself can use these styles). `:checked ~` runs the log-scale switch without a script.
/** The stylesheet of a report (light and dark): what `lineChart`'s SVG needs around it on a page. */
export const REPORT_CSS = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1f2328;--muted:#57606a;--grid:#d8dee4;--panel:#f6f8fa;--accent:#0072b2;--warn:#9a6700}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--grid:#30363d;--panel:#161b22;--accent:#58a6ff;--warn:#d29922}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main,header{max-width:1240px;margin:0 auto;padding:12px 20px}
h1{font-size:1.6em;margin:.4em 0 .1em}h2{font-size:1.15em;margin:1.4em 0 .5em}
.sub-title{color:var(--muted);margin:0}
.grid-2{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,520px),1fr));gap:16px}
.panel{margin:0;background:var(--panel);border:1px solid var(--grid);border-radius:8px;padding:8px;min-width:0}
svg.chart{display:block;width:100%;height:auto;font-size:12px;fill:var(--fg)}
svg .title{font-weight:600;font-size:13px}
svg .label,svg .tick{fill:var(--muted)}svg .tick{font-size:11px}
svg .grid{stroke:var(--grid)}svg .axis,svg .tick-mark{stroke:var(--muted);fill:none}
svg .line{fill:none;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
svg .dashed{stroke-dasharray:6 4}svg .raw{fill:none;stroke-width:1;opacity:.3}
svg.heat-map{max-width:460px;margin:0 auto}
svg .cell{fill:var(--accent);stroke:var(--bg);stroke-width:1}
svg .count{fill:var(--fg);font-size:11px}svg .count.on-dark{fill:var(--bg)}
.switch-row{display:flex;align-items:center;gap:.5em;margin:.6em 0}
#log-scale:checked~main .scale-linear,#log-scale:not(:checked)~main .scale-log{display:none}
.switch{margin-left:max(20px,calc((100vw - 1240px) / 2 + 20px))}
.notes{border-left:4px solid var(--warn);background:var(--panel);padding:.4em 1em;border-radius:4px}
.notes ul{margin:.3em 0;padding-left:1.2em}
.image-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(76px,1fr));gap:8px}
.digit{margin:0;text-align:center;font-size:12px;color:var(--muted)}
.digit svg{display:block;width:100%;height:auto;color:var(--fg);border-radius:4px}
.digit .paper{fill:var(--bg)}.digit .ink rect{fill:currentColor}.digit b{color:var(--fg)}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{padding:.3em .8em;border-bottom:1px solid var(--grid);text-align:left;white-space:nowrap}
td{text-align:right}tr.sub th{padding-left:2em;font-weight:normal;color:var(--muted)}
@media (max-width:600px){main,header{padding:8px 10px}h1{font-size:1.3em}.switch{margin-left:10px}
svg.chart:not(.heat-map){font-size:17px}svg.chart:not(.heat-map) .tick{font-size:16px}
svg.chart:not(.heat-map) .title{font-size:18px}svg .legend-item text{font-size:15px}}
`;

/**
 * The HTML document around the report's sections. Its Content-Security-Policy forbids every fetch and
 * every script, so the page provably works from a file with no network.
 */
export function page({
  title,
  subtitle,
  body,
  logSwitch,
  logScale,
}: {
  title: string;
  subtitle: string;
  body: string;
  logSwitch: boolean;
  logScale: boolean;
}): string {
  const toggle = logSwitch
    ? `<input type="checkbox" id="log-scale" class="switch"${logScale ? ' checked' : ''}><label for="log-scale">log-scale loss axes</label>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1>${esc(title)}</h1><p class="sub-title">${esc(subtitle)}</p></header>
${toggle}
<main>
${body}
</main>
</body>
</html>
`;
}
