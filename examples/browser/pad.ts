// The drawing pad and MNIST's preprocessing of a stroke: MNIST digits are fitted into a 20×20 box and
// centred by their centre of mass on a 28×28 field, so a drawing is treated the same way before the model sees it.

/** Sets up pointer drawing on `canvas`; `onChange` runs (throttled to animation frames) while the user draws. */
export function drawingPad(canvas: HTMLCanvasElement, onChange: () => void): { clear(): void } {
  const ctx = canvas.getContext('2d')!;
  let drawing = false,
    last: [number, number] | null = null,
    queued = false;
  const at = (e: PointerEvent): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * canvas.width, ((e.clientY - r.top) / r.height) * canvas.height];
  };
  const changed = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      onChange();
    });
  };
  const line = (p: [number, number]) => {
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = canvas.width / 12;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(...(last ?? p));
    ctx.lineTo(...p);
    ctx.stroke();
    last = p;
    changed();
  };
  canvas.addEventListener('pointerdown', (e) => {
    drawing = true;
    last = null;
    canvas.setPointerCapture(e.pointerId);
    line(at(e));
  });
  canvas.addEventListener('pointermove', (e) => {
    if (drawing) line(at(e));
  });
  const end = () => {
    drawing = false;
    last = null;
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  const clear = () => {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  };
  clear();
  return { clear };
}

/** The drawing as 784 values in [0, 1], MNIST-style; null when the pad is empty. */
export function toMnistPixels(canvas: HTMLCanvasElement): Float32Array | null {
  const { width: w, height: h } = canvas;
  const src = canvas.getContext('2d')!.getImageData(0, 0, w, h).data;
  let x0 = w,
    y0 = h,
    x1 = -1,
    y1 = -1;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      if (src[(y * w + x) * 4] > 20) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
  if (x1 < 0) return null;
  // Fit the bounding box into 20×20, keeping the aspect ratio.
  const side = Math.max(x1 - x0 + 1, y1 - y0 + 1),
    scale = 20 / side;
  const small = document.createElement('canvas');
  small.width = small.height = 28;
  const s = small.getContext('2d')!;
  s.imageSmoothingEnabled = true;
  s.imageSmoothingQuality = 'high';
  const bw = (x1 - x0 + 1) * scale,
    bh = (y1 - y0 + 1) * scale;
  s.drawImage(canvas, x0, y0, x1 - x0 + 1, y1 - y0 + 1, (28 - bw) / 2, (28 - bh) / 2, bw, bh);
  const img = s.getImageData(0, 0, 28, 28).data;
  const px = new Float32Array(784);
  let mass = 0,
    mx = 0,
    my = 0;
  for (let i = 0; i < 784; i++) {
    px[i] = img[i * 4] / 255;
    mass += px[i];
    mx += (i % 28) * px[i];
    my += Math.floor(i / 28) * px[i];
  }
  // Shift so the centre of mass sits at the centre (13.5, 13.5), by whole pixels.
  const dx = Math.round(13.5 - mx / mass),
    dy = Math.round(13.5 - my / mass);
  const out = new Float32Array(784);
  for (let y = 0; y < 28; y++)
    for (let x = 0; x < 28; x++) {
      const sx = x - dx,
        sy = y - dy;
      if (sx >= 0 && sx < 28 && sy >= 0 && sy < 28) out[y * 28 + x] = px[sy * 28 + sx];
    }
  return out;
}
