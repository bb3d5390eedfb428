/**
 * Base64 of raw bytes through the platform's `btoa`/`atob` (Node, browsers, workers), which take
 * one character per byte: the bytes go through a Latin-1 string in slices, as a spread of a whole
 * large array would overflow the call stack.
 *
 * @example
 * decodeBase64(encodeBase64(Uint8Array.of(1, 2, 255))); // Uint8Array [1, 2, 255]
 */
export function encodeBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The bytes of a base64 string (see {@link encodeBase64}). @example decodeBase64('AQL/'); // [1, 2, 255] */
export function decodeBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
