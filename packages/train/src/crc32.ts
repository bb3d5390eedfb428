// CRC-32 (IEEE 802.3, as zlib and PNG): platform-neutral, so the main entry can checksum checkpoints.
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/**
 * A running CRC-32 over byte chunks: `crc32Update(crc32Update(0, a), b)` equals the CRC of a then b.
 *
 * @example
 * crc32Update(0, new TextEncoder().encode('123456789')).toString(16); // 'cbf43926'
 */
export function crc32Update(crc: number, bytes: Uint8Array): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
