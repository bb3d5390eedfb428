/** Escapes text for HTML and SVG content and attribute values. */
export function esc(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A coordinate with two decimals: sub-pixel precision is invisible and would triple the file size. */
export function px(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/**
 * The palette runs cycle through: Okabe & Ito's colour-blind-safe set, minus the yellow that vanishes on
 * white; each reads on both the light and the dark background.
 */
export const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#56b4e9', '#e69f00', '#7f7f7f', '#9467bd'];

/** Rough width of `text` in px at `size` px (no font metrics without a DOM): enough to lay out a legend. */
export function textWidth(text: string, size = 12): number {
  return text.length * size * 0.6;
}
