import { esc, px } from './svg.js';

/**
 * A confusion matrix as an SVG heat map: rows are true classes, columns predicted ones, each cell
 * shaded by its share of the row (so a rare class's errors show as plainly as a common one's) and
 * labelled with its count.
 */
export function heatMap({
  id,
  title,
  matrix,
  labels,
}: {
  id: string;
  title: string;
  matrix: number[][];
  labels?: string[];
}): string {
  const n = matrix.length;
  const cell = n <= 10 ? 36 : Math.max(12, Math.floor(360 / n));
  const left = 56,
    top = 44,
    size = n * cell;
  const width = left + size + 12,
    height = top + size + 40;
  const name = (i: number) => labels?.[i] ?? String(i);
  const out: string[] = [
    `<svg class="chart heat-map" data-chart="${esc(id)}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}">`,
    `<title>${esc(title)}</title>`,
    `<text class="title" x="${left}" y="16">${esc(title)}</text>`,
    `<text class="label" x="${px(left + size / 2)}" y="34" text-anchor="middle">predicted label</text>`,
    `<text class="label" transform="translate(14 ${px(top + size / 2)}) rotate(-90)" text-anchor="middle">true label</text>`,
  ];
  matrix.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    out.push(
      `<text class="tick" x="${left - 6}" y="${px(top + (i + 0.5) * cell)}" dy="0.32em" text-anchor="end">${esc(name(i))}</text>`,
    );
    row.forEach((count, j) => {
      const share = total > 0 ? count / total : 0;
      const x = left + j * cell,
        y = top + i * cell;
      out.push(
        `<rect class="cell${i === j ? ' diagonal' : ''}" data-count="${count}" x="${x}" y="${y}" width="${cell}" height="${cell}" ` +
          `fill-opacity="${px(0.06 + 0.94 * share)}"><title>true ${esc(name(i))}, predicted ${esc(name(j))}: ${count}</title></rect>`,
      );
      if (cell >= 20 && count > 0)
        out.push(
          `<text class="count${share > 0.5 ? ' on-dark' : ''}" x="${px(x + cell / 2)}" y="${px(y + cell / 2)}" dy="0.32em" ` +
            `text-anchor="middle">${count}</text>`,
        );
    });
  });
  for (let j = 0; j < n; j++)
    out.push(
      `<text class="tick" x="${px(left + (j + 0.5) * cell)}" y="${top + size + 16}" text-anchor="middle">${esc(name(j))}</text>`,
    );
  out.push('</svg>');
  return out.join('');
}
