declare module 'virtual:digits' {
  /** A split of the embedded digits: `n` images, pixels as base64 bytes (0..255), labels as base64 bytes. */
  interface PackedSplit {
    n: number;
    x: string;
    y: string;
  }
  const digits: { train: PackedSplit; test: PackedSplit };
  export default digits;
}
