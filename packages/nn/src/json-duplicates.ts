/**
 * The first key that appears twice in one object of a JSON text, or null. `JSON.parse` keeps the last
 * of two equal keys silently; safetensors forbids them and its reference reader refuses them, so two
 * readers would load different tensors from one file. Keys compare after unescaping ("\u0061" is "a").
 * Expects text that `JSON.parse` has already accepted.
 *
 * @example
 * duplicateJsonKey('{"a": 1, "b": {"a": 2}, "a": 3}'); // { key: 'a', path: '' }
 */
export function duplicateJsonKey(text: string): { key: string; path: string } | null {
  // One entry per open container: the keys seen so far (objects) or null (arrays), and the key it sits under.
  const stack: Array<{ keys: Set<string> | null; path: string }> = [];
  let expectKey = false;
  let lastKey = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) {
      let j = i + 1;
      while (text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top?.keys) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return { key, path: top.path };
        top.keys.add(key);
        lastKey = key;
        expectKey = false;
      }
      i = j;
    } else if (ch === 0x7b || ch === 0x5b) {
      const parent = stack[stack.length - 1];
      const path =
        parent === undefined
          ? ''
          : parent.keys
            ? parent.path
              ? `${parent.path}.${lastKey}`
              : lastKey
            : `${parent.path}[]`;
      stack.push({ keys: ch === 0x7b ? new Set() : null, path });
      expectKey = ch === 0x7b;
    } else if (ch === 0x7d || ch === 0x5d) {
      stack.pop();
    } else if (ch === 0x2c) {
      expectKey = stack[stack.length - 1]?.keys != null;
    }
  }
  return null;
}
