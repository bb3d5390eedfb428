import type { ZlibPart as Zlib } from './node-builtins.js';

// Deflate's densest stream (runs of 258-byte matches) inflates about 1032 bytes per input byte.
const MAX_RATIO = 1032;
const MAX_HEADER = 4 + 4 * 255;
const ELEMENT_BYTES: Record<number, number> = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 };

/**
 * Inflates a gzip-compressed IDX file without ever holding more than its header declares: the IDX
 * header is inflated first (from a prefix of the input, so the output stays small), then the whole file
 * with the output capped at the size that header gives. A 1 MiB file whose header says [4] but whose
 * stream inflates to gigabytes fails after 20 bytes of output rather than after 2 GiB.
 * Errors start with `loadIdx: <path>`. Returns the inflated bytes for `parseIdx`.
 *
 * @example
 * const raw = gunzipIdx(readFileSync('t10k-labels-idx1-ubyte.gz'), 't10k-labels-idx1-ubyte.gz', zlib);
 */
export function gunzipIdx(bytes: Uint8Array, path: string, zlib: Zlib): Uint8Array {
  const fail = (what: string): never => {
    throw new Error(`loadIdx: ${path} ${what}`);
  };
  const header = inflateHead(bytes, zlib, fail);
  // Anything malformed in the header is for parseIdx to report in full; it needs only these bytes.
  const width = ELEMENT_BYTES[header[2]];
  const ndims = header[3];
  if (
    header.length < 4 ||
    header[0] !== 0 ||
    header[1] !== 0 ||
    width === undefined ||
    ndims === 0 ||
    header.length < 4 + 4 * ndims
  )
    return inflateSmall(bytes, zlib, header, fail);
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  let count = 1;
  for (let d = 0; d < ndims; d++) count *= view.getUint32(4 + 4 * d, false);
  // A dimension of size 0 is the header's fault, which parseIdx names; sized by it, any data would read as trailing.
  if (count === 0) return inflateSmall(bytes, zlib, header, fail);
  const expected = 4 + 4 * ndims + count * width;
  if (expected > MAX_RATIO * bytes.length + MAX_HEADER)
    fail(
      `declares ${expected} bytes in its IDX header, more than a ${bytes.length}-byte gzip file can inflate to (truncated or corrupt file)`,
    );
  try {
    // One byte of slack: inflating past `expected` proves trailing data without inflating all of it.
    return zlib.gunzipSync(bytes, { maxOutputLength: Math.min(expected + 1, 2 ** 32) });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE')
      return fail(
        `inflates to more than the ${expected} bytes its header declares (trailing data, or a corrupt header)`,
      );
    return fail(`is not a valid gzip file (truncated or corrupt): ${err.message}`);
  }
}

/** At least the IDX header's bytes (or all there is, if fewer), from growing prefixes of the input. */
function inflateHead(bytes: Uint8Array, zlib: Zlib, fail: (what: string) => never): Uint8Array {
  const sync = zlib.constants.Z_SYNC_FLUSH;
  for (
    let k = Math.min(64, bytes.length);
    ;
    k = k < 1024 ? Math.min(2 * k, bytes.length) : Math.min(k + 512, bytes.length)
  ) {
    let out: Uint8Array;
    try {
      // A prefix of k bytes inflates to at most ~1032·k: bounded, whatever the stream holds later.
      out = zlib.gunzipSync(bytes.subarray(0, k), { finishFlush: sync, maxOutputLength: 2 ** 21 });
    } catch (e) {
      return fail(`is not a valid gzip file (truncated or corrupt): ${(e as Error).message}`);
    }
    const need = out.length >= 4 ? 4 + 4 * out[3] : 4;
    if (out.length >= need || k === bytes.length) return out;
  }
}

/** A file whose IDX header is malformed: the whole stream if it is small (so gzip errors win), else the head. */
function inflateSmall(bytes: Uint8Array, zlib: Zlib, head: Uint8Array, fail: (what: string) => never): Uint8Array {
  try {
    return zlib.gunzipSync(bytes, { maxOutputLength: MAX_HEADER + 1 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE') return head;
    return fail(`is not a valid gzip file (truncated or corrupt): ${err.message}`);
  }
}
