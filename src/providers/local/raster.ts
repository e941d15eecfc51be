/**
 * Anti-aliased shape filling into a float RGB canvas. Coverage comes from an
 * approximate signed distance (only +, −, ×, ÷ and sqrt, which IEEE 754 rounds
 * the same on every machine), clamped to one pixel of soft edge.
 */
import type { Rgb } from './vocabulary.js';

export class Canvas {
  readonly data: Float32Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Float32Array(width * height * 3);
  }

  /** Blend `colour` into pixel (x, y) with weight `alpha` (0..1). */
  blend(x: number, y: number, colour: Rgb, alpha: number): void {
    const i = (y * this.width + x) * 3;
    const d = this.data;
    d[i] = (d[i] ?? 0) + (colour[0] - (d[i] ?? 0)) * alpha;
    d[i + 1] = (d[i + 1] ?? 0) + (colour[1] - (d[i + 1] ?? 0)) * alpha;
    d[i + 2] = (d[i + 2] ?? 0) + (colour[2] - (d[i + 2] ?? 0)) * alpha;
  }

  /** Vertical gradient from `top` to `bottom` over rows [y0, y1). */
  gradient(y0: number, y1: number, top: Rgb, bottom: Rgb): void {
    const from = Math.max(0, Math.floor(y0));
    const to = Math.min(this.height, Math.ceil(y1));
    const span = Math.max(1, to - from - 1);
    for (let y = from; y < to; y++) {
      const t = (y - from) / span;
      const r = top[0] + (bottom[0] - top[0]) * t;
      const g = top[1] + (bottom[1] - top[1]) * t;
      const b = top[2] + (bottom[2] - top[2]) * t;
      let i = y * this.width * 3;
      for (let x = 0; x < this.width; x++, i += 3) {
        this.data[i] = r;
        this.data[i + 1] = g;
        this.data[i + 2] = b;
      }
    }
  }

  ellipse(cx: number, cy: number, rx: number, ry: number, colour: Rgb, alpha = 1): void {
    if (rx <= 0 || ry <= 0) return;
    const x0 = Math.max(0, Math.floor(cx - rx - 1));
    const x1 = Math.min(this.width - 1, Math.ceil(cx + rx + 1));
    const y0 = Math.max(0, Math.floor(cy - ry - 1));
    const y1 = Math.min(this.height - 1, Math.ceil(cy + ry + 1));
    const scale = Math.min(rx, ry);
    for (let y = y0; y <= y1; y++) {
      const dy = (y + 0.5 - cy) / ry;
      for (let x = x0; x <= x1; x++) {
        const dx = (x + 0.5 - cx) / rx;
        const distance = (Math.sqrt(dx * dx + dy * dy) - 1) * scale;
        const coverage = clamp01(0.5 - distance);
        if (coverage > 0) this.blend(x, y, colour, coverage * alpha);
      }
    }
  }

  rect(x0: number, y0: number, x1: number, y1: number, colour: Rgb, alpha = 1): void {
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    const hw = Math.abs(x1 - x0) / 2;
    const hh = Math.abs(y1 - y0) / 2;
    const px0 = Math.max(0, Math.floor(cx - hw - 1));
    const px1 = Math.min(this.width - 1, Math.ceil(cx + hw + 1));
    const py0 = Math.max(0, Math.floor(cy - hh - 1));
    const py1 = Math.min(this.height - 1, Math.ceil(cy + hh + 1));
    for (let y = py0; y <= py1; y++) {
      const dy = Math.abs(y + 0.5 - cy) - hh;
      for (let x = px0; x <= px1; x++) {
        const dx = Math.abs(x + 0.5 - cx) - hw;
        const coverage = clamp01(0.5 - Math.max(dx, dy));
        if (coverage > 0) this.blend(x, y, colour, coverage * alpha);
      }
    }
  }

  triangle(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, colour: Rgb, alpha = 1): void {
    // Orient counter-clockwise so every edge's inside is on the same side.
    const area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    if (area === 0) return;
    if (area < 0) {
      [bx, cx] = [cx, bx];
      [by, cy] = [cy, by];
    }
    const edges = [edge(ax, ay, bx, by), edge(bx, by, cx, cy), edge(cx, cy, ax, ay)];
    const x0 = Math.max(0, Math.floor(Math.min(ax, bx, cx) - 1));
    const x1 = Math.min(this.width - 1, Math.ceil(Math.max(ax, bx, cx) + 1));
    const y0 = Math.max(0, Math.floor(Math.min(ay, by, cy) - 1));
    const y1 = Math.min(this.height - 1, Math.ceil(Math.max(ay, by, cy) + 1));
    for (let y = y0; y <= y1; y++) {
      const py = y + 0.5;
      for (let x = x0; x <= x1; x++) {
        const px = x + 0.5;
        let distance = Number.NEGATIVE_INFINITY;
        for (const e of edges) {
          const d = e.nx * px + e.ny * py + e.c;
          if (d > distance) distance = d;
        }
        const coverage = clamp01(0.5 - distance);
        if (coverage > 0) this.blend(x, y, colour, coverage * alpha);
      }
    }
  }
}

interface Edge {
  nx: number;
  ny: number;
  c: number;
}

/** Outward unit normal form of the edge a→b, so `nx*x + ny*y + c` is the signed distance. */
function edge(ax: number, ay: number, bx: number, by: number): Edge {
  const dx = bx - ax;
  const dy = by - ay;
  const length = Math.sqrt(dx * dx + dy * dy) || 1;
  const nx = dy / length;
  const ny = -dx / length;
  return { nx, ny, c: -(nx * ax + ny * ay) };
}

export function clamp01(value: number): number {
  return value < 0 ? 0 : Math.min(value, 1);
}

export function mixRgb(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

export function scaleRgb(colour: Rgb, factor: number): Rgb {
  return [colour[0] * factor, colour[1] * factor, colour[2] * factor];
}
