/** Drawing a scene: backdrop, then each object's recipe built from a few primitives. */

import { hash2, Rng } from './random.js';
import { type Canvas, mixRgb, scaleRgb } from './raster.js';
import type { Scene, SceneObject } from './scene.js';
import type { Rgb } from './vocabulary.js';

const DARK: Rgb = [30, 28, 32];
const WINDOW_LIT: Rgb = [255, 214, 120];
const NEON: readonly Rgb[] = [
  [255, 60, 200],
  [60, 230, 255],
  [255, 230, 80],
];

/**
 * Revision 2 of the built-in models draws objects a little larger and to the right and the horizon a
 * little lower: a small, real drift of a few percent of pixels, as when a provider updates a checkpoint.
 */
export interface DrawOptions {
  revision: number;
  seed: number;
}

export function drawScene(canvas: Canvas, scene: Scene, options: DrawOptions): void {
  const { width: w, height: h } = canvas;
  const dim = (c: Rgb) => scaleRgb(c, scene.brightness);
  const drifted = options.revision >= 2;
  const horizonY = (scene.horizon < 1 && drifted ? scene.horizon + 0.012 : scene.horizon) * h;
  canvas.gradient(0, Math.ceil(horizonY), dim(tinted(scene.skyTop, scene)), dim(tinted(scene.skyBottom, scene)));
  if (scene.horizon < 1) {
    if (scene.water) {
      const shore = scene.ground ? horizonY + (h - horizonY) * 0.55 : h;
      canvas.gradient(
        Math.floor(horizonY),
        Math.ceil(shore),
        dim(scene.water),
        dim(scene.waterBottom ?? scaleRgb(scene.water, 0.7)),
      );
      if (scene.ground) canvas.gradient(Math.floor(shore), h, dim(scene.ground), dim(scaleRgb(scene.ground, 0.85)));
    } else {
      const ground = scene.ground ?? [100, 100, 100];
      canvas.gradient(Math.floor(horizonY), h, dim(scaleRgb(ground, 0.85)), dim(ground));
    }
  }
  const rng = new Rng(hash2(options.seed, 0x5ce7e));
  if (scene.stars) {
    const count = Math.round((w * h) / 2500);
    for (let i = 0; i < count; i++) {
      const x = rng.range(0, w);
      const y = rng.range(0, horizonY * 0.95);
      const r = rng.range(0.6, 1.6);
      canvas.ellipse(x, y, r, r, [255, 250, 230], rng.range(0.5, 1));
    }
  }
  const grow = drifted ? 1.045 : 1;
  const shift = drifted ? 0.006 * w : 0;
  for (const object of scene.objects) {
    const colour = object.glow ? object.colour : dim(object.colour);
    drawObject(canvas, object, colour, scene, grow, shift);
  }
  if (scene.lights) {
    const count = Math.max(6, Math.round(w / 40));
    for (let i = 0; i < count; i++) {
      const x = rng.range(0, w);
      const y = rng.range(horizonY * 0.7, Math.min(h, horizonY * 1.25));
      const r = rng.range(2, 5) * (w / 512);
      const colour = NEON[i % NEON.length] ?? WINDOW_LIT;
      canvas.ellipse(x, y, r * 3, r * 3, colour, 0.18);
      canvas.ellipse(x, y, r, r, colour, 0.95);
    }
  }
}

function tinted(colour: Rgb, scene: Scene): Rgb {
  return scene.tint ? mixRgb(colour, scene.tint, 0.3) : colour;
}

function drawObject(canvas: Canvas, o: SceneObject, colour: Rgb, scene: Scene, grow: number, shift: number): void {
  const { width: w, height: h } = canvas;
  const s = o.size * Math.min(w, h) * grow;
  const x = o.x * w + shift;
  const y = o.y * h;
  const dark = scaleRgb(colour, 0.6);
  const light = mixRgb(colour, [255, 255, 255], 0.35);
  const v = new Rng(o.variant);
  switch (o.recipe) {
    case 'animal': {
      canvas.ellipse(x - 0.95 * s, y - 0.6 * s, 0.4 * s, 0.13 * s, colour);
      canvas.rect(x - 0.55 * s, y - 0.45 * s, x - 0.4 * s, y, dark);
      canvas.rect(x + 0.35 * s, y - 0.45 * s, x + 0.5 * s, y, dark);
      canvas.ellipse(x, y - 0.5 * s, 0.8 * s, 0.38 * s, colour);
      canvas.triangle(x + 0.55 * s, y - 1.05 * s, x + 0.7 * s, y - 1.35 * s, x + 0.8 * s, y - 1.0 * s, dark);
      canvas.triangle(x + 0.85 * s, y - 1.05 * s, x + 1.0 * s, y - 1.35 * s, x + 1.08 * s, y - 0.98 * s, dark);
      canvas.ellipse(x + 0.8 * s, y - 0.85 * s, 0.32 * s, 0.28 * s, light);
      canvas.ellipse(x + 0.9 * s, y - 0.9 * s, 0.05 * s, 0.05 * s, DARK);
      return;
    }
    case 'bird': {
      canvas.ellipse(x, y, 0.35 * s, 0.2 * s, colour);
      canvas.triangle(x - 0.1 * s, y, x - 0.7 * s, y - 0.45 * s, x + 0.15 * s, y - 0.1 * s, dark);
      canvas.triangle(x + 0.3 * s, y - 0.05 * s, x + 0.55 * s, y, x + 0.3 * s, y + 0.08 * s, [240, 180, 40]);
      return;
    }
    case 'fish': {
      canvas.triangle(x - 0.5 * s, y - 0.25 * s, x - 0.9 * s, y - 0.55 * s, x - 0.9 * s, y + 0.05 * s, dark);
      canvas.ellipse(x, y - 0.25 * s, 0.6 * s, 0.3 * s, colour);
      canvas.ellipse(x + 0.35 * s, y - 0.32 * s, 0.05 * s, 0.05 * s, DARK);
      return;
    }
    case 'tree': {
      canvas.rect(x - 0.09 * s, y - 1.0 * s, x + 0.09 * s, y, [95, 65, 40]);
      canvas.ellipse(x, y - 1.3 * s, 0.6 * s, 0.55 * s, colour);
      canvas.ellipse(x - 0.35 * s, y - 1.05 * s, 0.38 * s, 0.32 * s, dark);
      canvas.ellipse(x + 0.35 * s, y - 1.1 * s, 0.36 * s, 0.3 * s, mixRgb(colour, dark, 0.5));
      return;
    }
    case 'flower': {
      canvas.rect(x - 0.03 * s, y - 0.9 * s, x + 0.03 * s, y, [60, 130, 60]);
      for (let i = 0; i < 5; i++) {
        const px = [0, 0.28, 0.18, -0.18, -0.28][i] ?? 0;
        const py = [-0.3, -0.08, 0.25, 0.25, -0.08][i] ?? 0;
        canvas.ellipse(x + px * s, y - 1.0 * s + py * s, 0.18 * s, 0.18 * s, colour);
      }
      canvas.ellipse(x, y - 1.0 * s, 0.13 * s, 0.13 * s, [250, 210, 60]);
      return;
    }
    case 'mountain': {
      const half = 1.3 * s;
      const peak = 1.5 * s;
      canvas.triangle(x - half, y, x + half, y, x, y - peak, colour);
      canvas.triangle(x - half * 0.3, y - peak * 0.7, x + half * 0.3, y - peak * 0.7, x, y - peak, [245, 245, 250]);
      return;
    }
    case 'disc': {
      if (o.glow) canvas.ellipse(x, y, 1.6 * s * 0.5, 1.6 * s * 0.5, colour, 0.25);
      canvas.ellipse(x, y, 0.5 * s, 0.5 * s, colour);
      return;
    }
    case 'tower': {
      const top = y - 2.2 * s;
      canvas.rect(x - 0.2 * s, top, x + 0.2 * s, y, colour);
      for (let band = 1; band < 5; band += 2) {
        const b0 = top + (band * 2.2 * s) / 5;
        canvas.rect(x - 0.2 * s, b0, x + 0.2 * s, b0 + (2.2 * s) / 5, o.glow ? [200, 40, 40] : dark);
      }
      canvas.triangle(x - 0.28 * s, top, x + 0.28 * s, top, x, top - 0.35 * s, DARK);
      if (o.glow) {
        canvas.ellipse(x, top - 0.05 * s, 0.9 * s, 0.25 * s, [255, 240, 170], 0.3);
        canvas.ellipse(x, top - 0.05 * s, 0.14 * s, 0.14 * s, [255, 240, 170]);
      }
      return;
    }
    case 'house': {
      canvas.rect(x - 0.6 * s, y - 0.8 * s, x + 0.6 * s, y, colour);
      canvas.triangle(x - 0.75 * s, y - 0.8 * s, x + 0.75 * s, y - 0.8 * s, x, y - 1.35 * s, [150, 60, 50]);
      canvas.rect(x - 0.12 * s, y - 0.45 * s, x + 0.12 * s, y, DARK);
      canvas.rect(x + 0.25 * s, y - 0.6 * s, x + 0.48 * s, y - 0.38 * s, scene.brightness < 1 ? WINDOW_LIT : light);
      return;
    }
    case 'building': {
      const height = s * v.range(1.8, 3.2);
      const half = 0.4 * s;
      canvas.rect(x - half, y - height, x + half, y, colour);
      const lit = scene.brightness < 1 || scene.lights;
      const cols = 3;
      const rows = Math.max(3, Math.floor(height / (0.28 * s)));
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const on = lit ? (hash2(o.variant, r * cols + c) & 3) !== 0 : true;
          const wx = x - half + ((c + 0.5) * 2 * half) / cols;
          const wy = y - height + (r + 0.6) * (height / (rows + 0.5));
          const colourWindow = lit ? (on ? WINDOW_LIT : dark) : light;
          canvas.rect(wx - 0.07 * s, wy - 0.08 * s, wx + 0.07 * s, wy + 0.06 * s, colourWindow);
        }
      }
      return;
    }
    case 'vehicle': {
      canvas.rect(x - 0.7 * s, y - 0.5 * s, x + 0.7 * s, y - 0.15 * s, colour);
      canvas.rect(x - 0.35 * s, y - 0.8 * s, x + 0.3 * s, y - 0.45 * s, light);
      canvas.ellipse(x - 0.4 * s, y - 0.12 * s, 0.16 * s, 0.16 * s, DARK);
      canvas.ellipse(x + 0.4 * s, y - 0.12 * s, 0.16 * s, 0.16 * s, DARK);
      return;
    }
    case 'boat': {
      canvas.triangle(x - 0.8 * s, y - 0.35 * s, x + 0.8 * s, y - 0.35 * s, x + 0.55 * s, y, colour);
      canvas.triangle(x - 0.8 * s, y - 0.35 * s, x - 0.55 * s, y, x + 0.55 * s, y, colour);
      canvas.rect(x - 0.03 * s, y - 1.6 * s, x + 0.03 * s, y - 0.35 * s, DARK);
      canvas.triangle(
        x + 0.05 * s,
        y - 1.55 * s,
        x + 0.05 * s,
        y - 0.45 * s,
        x + 0.7 * s,
        y - 0.45 * s,
        [245, 245, 240],
      );
      return;
    }
    case 'person': {
      canvas.rect(x - 0.15 * s, y - 0.5 * s, x - 0.03 * s, y, DARK);
      canvas.rect(x + 0.03 * s, y - 0.5 * s, x + 0.15 * s, y, DARK);
      canvas.rect(x - 0.22 * s, y - 1.15 * s, x + 0.22 * s, y - 0.45 * s, colour);
      canvas.ellipse(x, y - 1.38 * s, 0.2 * s, 0.22 * s, [225, 180, 150]);
      return;
    }
    case 'cloud': {
      const c: Rgb = scene.brightness < 1 ? scaleRgb(colour, 0.45) : colour;
      canvas.ellipse(x - 0.45 * s, y + 0.05 * s, 0.45 * s, 0.25 * s, c, 0.92);
      canvas.ellipse(x + 0.05 * s, y - 0.1 * s, 0.55 * s, 0.35 * s, c, 0.92);
      canvas.ellipse(x + 0.55 * s, y + 0.05 * s, 0.42 * s, 0.24 * s, c, 0.92);
      return;
    }
    case 'vessel': {
      canvas.ellipse(x + 0.38 * s, y - 0.4 * s, 0.18 * s, 0.2 * s, dark);
      canvas.rect(x - 0.32 * s, y - 0.8 * s, x + 0.32 * s, y, colour);
      canvas.ellipse(x, y - 0.8 * s, 0.32 * s, 0.07 * s, dark);
      return;
    }
    case 'road': {
      const horizon = scene.horizon < 1 ? scene.horizon * h : h * 0.55;
      canvas.triangle(x - 0.02 * w, horizon, x + 0.02 * w, horizon, x + 0.45 * w, h, colour);
      canvas.triangle(x - 0.02 * w, horizon, x - 0.45 * w, h, x + 0.45 * w, h, colour);
      for (let i = 0; i < 6; i++) {
        const t0 = (i + 0.2) / 6;
        const t1 = (i + 0.6) / 6;
        const y0 = horizon + (h - horizon) * t0 * t0;
        const y1 = horizon + (h - horizon) * t1 * t1;
        const half = 0.004 * w + 0.01 * w * t1;
        canvas.rect(x - half, y0, x + half, y1, [235, 220, 150], 0.9);
      }
      return;
    }
    case 'star': {
      canvas.ellipse(x, y, 0.6 * s, 0.6 * s, colour, 0.2);
      canvas.ellipse(x, y, 0.2 * s, 0.2 * s, colour);
      return;
    }
  }
}
