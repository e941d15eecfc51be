/** Style and weather effects on the float canvas (before guidance and denoising). */

import { hash2, mix32 } from './random.js';
import type { Canvas } from './raster.js';
import type { Scene } from './scene.js';

export function applyEffects(canvas: Canvas, scene: Scene, seed: number): void {
  const { style } = scene;
  if (scene.rain) rain(canvas, seed);
  if (scene.haze > 0) haze(canvas, scene);
  if (style.blur) boxBlur(canvas, style.blur);
  if (style.strokes) strokes(canvas, style.strokes, seed);
  if (style.pixelate) pixelate(canvas, Math.max(2, Math.round(style.pixelate)));
  if (style.desaturate || style.sepia) tone(canvas, style.desaturate ?? 0, style.sepia ?? 0);
  if (style.posterize) posterize(canvas, Math.max(2, Math.round(style.posterize)));
  if (style.vignette) vignette(canvas, style.vignette);
  const grain = (style.grain ?? 0) * (1 - scene.cleanliness);
  if (grain > 0) addGrain(canvas, grain, seed);
}

function rain(canvas: Canvas, seed: number): void {
  const { width: w, height: h, data } = canvas;
  const offset = seed % 97;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Slanted streaks: a pixel is rain when its diagonal lane and its segment are both "on".
      const lane = x + ((y + offset) >> 2);
      if (lane % 19 !== 0) continue;
      if ((mix32(hash2(seed, Math.floor(lane / 19)) + Math.floor(y / 24)) & 3) !== 0) continue;
      const i = (y * w + x) * 3;
      data[i] = (data[i] ?? 0) * 0.6 + 190 * 0.4;
      data[i + 1] = (data[i + 1] ?? 0) * 0.6 + 200 * 0.4;
      data[i + 2] = (data[i + 2] ?? 0) * 0.6 + 215 * 0.4;
    }
  }
}

function haze(canvas: Canvas, scene: Scene): void {
  const veil = scene.skyBottom;
  const t = scene.haze;
  const d = canvas.data;
  for (let i = 0; i < d.length; i += 3) {
    d[i] = (d[i] ?? 0) * (1 - t) + veil[0] * t;
    d[i + 1] = (d[i + 1] ?? 0) * (1 - t) + veil[1] * t;
    d[i + 2] = (d[i + 2] ?? 0) * (1 - t) + veil[2] * t;
  }
}

/** Separable box blur with a running sum: O(pixels) whatever the radius. */
export function boxBlur(canvas: Canvas, radius: number): void {
  const { width: w, height: h, data } = canvas;
  const r = Math.max(1, Math.round(radius));
  const line = new Float32Array(Math.max(w, h) * 3);
  const pass = (count: number, length: number, index: (a: number, b: number) => number) => {
    for (let a = 0; a < count; a++) {
      for (let b = 0; b < length; b++) {
        const i = index(a, b);
        line[b * 3] = data[i] ?? 0;
        line[b * 3 + 1] = data[i + 1] ?? 0;
        line[b * 3 + 2] = data[i + 2] ?? 0;
      }
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        let n = 0;
        for (let b = -r; b <= r; b++) {
          if (b >= 0 && b < length) {
            sum += line[b * 3 + c] ?? 0;
            n++;
          }
        }
        for (let b = 0; b < length; b++) {
          data[index(a, b) + c] = sum / n;
          const add = b + r + 1;
          const drop = b - r;
          if (add < length) {
            sum += line[add * 3 + c] ?? 0;
            n++;
          }
          if (drop >= 0) {
            sum -= line[drop * 3 + c] ?? 0;
            n--;
          }
        }
      }
    }
  };
  pass(h, w, (y, x) => (y * w + x) * 3);
  pass(w, h, (x, y) => (y * w + x) * 3);
}

function strokes(canvas: Canvas, amplitude: number, seed: number): void {
  const { width: w, height: h, data } = canvas;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Noise that changes slowly along x and fast along y looks like horizontal brush strokes.
      const v = (hash2(seed ^ 0x57, Math.floor(x / 9) * 131071 + y) & 0xff) / 255 - 0.5;
      const i = (y * w + x) * 3;
      const delta = v * amplitude;
      data[i] = (data[i] ?? 0) + delta;
      data[i + 1] = (data[i + 1] ?? 0) + delta;
      data[i + 2] = (data[i + 2] ?? 0) + delta;
    }
  }
}

function pixelate(canvas: Canvas, block: number): void {
  const { width: w, height: h, data } = canvas;
  for (let by = 0; by < h; by += block) {
    for (let bx = 0; bx < w; bx += block) {
      const sum = [0, 0, 0];
      let n = 0;
      for (let y = by; y < Math.min(h, by + block); y++) {
        for (let x = bx; x < Math.min(w, bx + block); x++) {
          const i = (y * w + x) * 3;
          sum[0] = (sum[0] ?? 0) + (data[i] ?? 0);
          sum[1] = (sum[1] ?? 0) + (data[i + 1] ?? 0);
          sum[2] = (sum[2] ?? 0) + (data[i + 2] ?? 0);
          n++;
        }
      }
      for (let y = by; y < Math.min(h, by + block); y++) {
        for (let x = bx; x < Math.min(w, bx + block); x++) {
          const i = (y * w + x) * 3;
          data[i] = (sum[0] ?? 0) / n;
          data[i + 1] = (sum[1] ?? 0) / n;
          data[i + 2] = (sum[2] ?? 0) / n;
        }
      }
    }
  }
}

function tone(canvas: Canvas, desaturate: number, sepia: number): void {
  const d = canvas.data;
  for (let i = 0; i < d.length; i += 3) {
    const r = d[i] ?? 0;
    const g = d[i + 1] ?? 0;
    const b = d[i + 2] ?? 0;
    const luma = 0.299 * r + 0.587 * g + 0.114 * b;
    let nr = r + (luma - r) * desaturate;
    let ng = g + (luma - g) * desaturate;
    let nb = b + (luma - b) * desaturate;
    nr += (luma * 1.07 + 20 - nr) * sepia;
    ng += (luma * 0.95 + 8 - ng) * sepia;
    nb += (luma * 0.74 - nb) * sepia;
    d[i] = nr;
    d[i + 1] = ng;
    d[i + 2] = nb;
  }
}

function posterize(canvas: Canvas, levels: number): void {
  const d = canvas.data;
  const step = 255 / (levels - 1);
  for (let i = 0; i < d.length; i++) d[i] = Math.round((d[i] ?? 0) / step) * step;
}

function vignette(canvas: Canvas, strength: number): void {
  const { width: w, height: h, data } = canvas;
  const cx = w / 2;
  const cy = h / 2;
  for (let y = 0; y < h; y++) {
    const dy = (y + 0.5 - cy) / cy;
    for (let x = 0; x < w; x++) {
      const dx = (x + 0.5 - cx) / cx;
      const k = 1 - strength * 0.5 * (dx * dx + dy * dy);
      const i = (y * w + x) * 3;
      data[i] = (data[i] ?? 0) * k;
      data[i + 1] = (data[i + 1] ?? 0) * k;
      data[i + 2] = (data[i + 2] ?? 0) * k;
    }
  }
}

function addGrain(canvas: Canvas, amplitude: number, seed: number): void {
  const d = canvas.data;
  const base = hash2(seed, 0x67a1);
  for (let p = 0, i = 0; i < d.length; p++, i += 3) {
    const v = ((mix32(base + p) & 0xff) / 255 - 0.5) * 2 * amplitude;
    d[i] = (d[i] ?? 0) + v;
    d[i + 1] = (d[i + 1] ?? 0) + v;
    d[i + 2] = (d[i + 2] ?? 0) + v;
  }
}
