import { esc } from './svg.js';

/** A test image the model got wrong: pixel values in [0, 1], row-major, and the two labels. */
export interface MisclassifiedImage {
  pixels: ArrayLike<number>;
  label: number;
  predicted: number;
  /** Image side in pixels (default: the square root of the pixel count, 28 for MNIST). */
  width?: number;
}

const LEVELS = 8;

/**
 * The images as small SVGs, ink in `currentColor` (so dark mode draws light on dark), each captioned
 * with its true and predicted label. Pixels are quantized to 8 levels and runs of equal pixels in a row
 * share one rect, which keeps a 28×28 digit near 100 elements.
 */
export function imageGrid(images: readonly MisclassifiedImage[], labels?: string[]): string {
  const name = (i: number) => labels?.[i] ?? String(i);
  const items = images.map((img) => {
    const w = img.width ?? Math.round(Math.sqrt(img.pixels.length));
    const h = Math.ceil(img.pixels.length / w);
    const rects: string[] = [];
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; ) {
        const level = quantize(img.pixels[r * w + c]);
        let end = c + 1;
        while (end < w && quantize(img.pixels[r * w + end]) === level) end++;
        if (level > 0)
          rects.push(`<rect x="${c}" y="${r}" width="${end - c}" height="1" fill-opacity="${level / LEVELS}"/>`);
        c = end;
      }
    }
    const caption = `true ${name(img.label)}, predicted ${name(img.predicted)}`;
    return (
      `<figure class="digit"><svg class="image" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(caption)}" shape-rendering="crispEdges">` +
      `<rect class="paper" width="${w}" height="${h}"/><g class="ink">${rects.join('')}</g></svg>` +
      `<figcaption>${esc(name(img.label))} → <b>${esc(name(img.predicted))}</b></figcaption></figure>`
    );
  });
  return `<div class="image-grid" data-chart="misclassified" data-images="${images.length}">${items.join('')}</div>`;
}

function quantize(v: number): number {
  return Number.isFinite(v) ? Math.round(Math.min(1, Math.max(0, v)) * LEVELS) : 0;
}
