import type { RgbaImage } from '../../src/image/types.js';

/**
 * A deterministic picture with something everywhere: a colour gradient, discs and bars of several
 * sizes, and fine texture — so that shifts, blurs and casts all have something to act on.
 */
export function textured(width: number, height: number, seed = 1): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  const discs = Array.from({ length: 12 }, (_, k) => ({
    x: ((k * 97 + seed * 31) % 100) / 100,
    y: ((k * 61 + seed * 17) % 100) / 100,
    r: 0.03 + ((k * 13 + seed) % 7) / 100,
    colour: [(k * 53 + seed * 11) % 256, (k * 101 + seed * 29) % 256, (k * 151 + seed * 7) % 256],
  }));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      const grain = 12 * Math.sin(x * 0.9 + seed) * Math.cos(y * 0.7 - seed);
      let rgb = [40 + 150 * u + grain, 60 + 120 * v + grain, 200 - 120 * u * v + grain];
      if (Math.floor(x / 24) % 5 === seed % 5) rgb = rgb.map((c) => c * 0.6);
      for (const d of discs) {
        if ((u - d.x) ** 2 + ((v - d.y) * height) ** 2 / width ** 2 < d.r ** 2)
          rgb = d.colour.map((c) => c + grain / 2);
      }
      const i = (y * width + x) * 4;
      data[i] = Math.max(0, Math.min(255, Math.round(rgb[0] ?? 0)));
      data[i + 1] = Math.max(0, Math.min(255, Math.round(rgb[1] ?? 0)));
      data[i + 2] = Math.max(0, Math.min(255, Math.round(rgb[2] ?? 0)));
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}
