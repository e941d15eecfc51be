/**
 * Fitting a keyframe image to a clip's size: scaled to cover the frame and centred, as video models
 * crop an input of another shape. The built-in models place keyframes this way, and keyframe fidelity
 * compares a frame with its input image fitted the same way.
 */

export interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Bilinear resample of a `channels`-per-pixel image to width × height, covering and centre-cropping. */
export function coverResize(image: Pixels, channels: 3 | 4, width: number, height: number): Pixels {
  if (image.width === width && image.height === height) return { width, height, data: new Uint8Array(image.data) };
  const scale = Math.max(width / image.width, height / image.height);
  const offsetX = (image.width - width / scale) / 2;
  const offsetY = (image.height - height / scale) / 2;
  const out = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.max(0, offsetY + (y + 0.5) / scale - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(image.height - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.max(0, offsetX + (x + 0.5) / scale - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(image.width - 1, x0 + 1);
      const fx = sx - x0;
      const o = (y * width + x) * channels;
      for (let c = 0; c < channels; c++) {
        const a = image.data[(y0 * image.width + x0) * channels + c] ?? 0;
        const b = image.data[(y0 * image.width + x1) * channels + c] ?? 0;
        const d = image.data[(y1 * image.width + x0) * channels + c] ?? 0;
        const e = image.data[(y1 * image.width + x1) * channels + c] ?? 0;
        out[o + c] = Math.round((a + (b - a) * fx) * (1 - fy) + (d + (e - d) * fx) * fy);
      }
    }
  }
  return { width, height, data: out };
}
