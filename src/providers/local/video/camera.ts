/**
 * The built-in video models' camera: a zoom towards a point and a light change over the clip, chosen
 * from the seed and the prompt (so a seed is a shot, as on a real model). Time 0 is the keyframe itself,
 * untouched; negative times run the move backwards, which is how a clip arrives at a last keyframe.
 * Only +, −, ×, ÷ and floor, so the frames are the same on every machine.
 */
import { hash2, hashString, Rng } from '../random.js';

export interface CameraMove {
  /** Zoom reached at t = 1 is 1 + zoom. */
  zoom: number;
  /** Direction of the drift (unit vector) and the share of the zoom's margin it uses. */
  dirX: number;
  dirY: number;
  drift: number;
  /** Brightness gain reached at t = 1 is 1 + light. */
  light: number;
  /** Levels added to red and taken from blue at t = 1 (positive: warmer). */
  warmth: number;
}

/** Revision 2 moves a few % further and lights a little warmer: a drift behind the same model name. */
export function cameraMove(seed: number, prompt: string, revision: number): CameraMove {
  const rng = new Rng(hash2(seed, hashString(prompt, 0x51d)));
  const angle = rng.range(0, 2 * Math.PI);
  const move: CameraMove = {
    zoom: rng.range(0.08, 0.22),
    dirX: Math.cos(angle),
    dirY: Math.sin(angle),
    drift: rng.range(0.4, 1),
    light: rng.range(-0.12, 0.12),
    warmth: rng.range(-10, 10),
  };
  if (revision === 2) {
    move.zoom *= 1.12;
    move.light += 0.03;
    move.warmth += 3;
  }
  return move;
}

/** One RGB frame of `source` (already the clip's size) seen by the camera at time t (t = 0: the source itself). */
export function shoot(
  source: Uint8Array,
  width: number,
  height: number,
  move: CameraMove,
  t: number,
  out: Float32Array,
): void {
  const zoom = 1 + move.zoom * t;
  const view = 1 / zoom;
  // The drift stays inside the margin the zoom leaves, so a forward move never shows an edge.
  const margin = Math.abs(1 - view) / 2;
  const cx = 0.5 + move.dirX * move.drift * margin * Math.sign(t);
  const cy = 0.5 + move.dirY * move.drift * margin * Math.sign(t);
  const gain = 1 + move.light * t;
  const warm = move.warmth * t;
  for (let y = 0; y < height; y++) {
    const sy = clamp((cy + ((y + 0.5) / height - 0.5) * view) * height - 0.5, height - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(height - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = clamp((cx + ((x + 0.5) / width - 0.5) * view) * width - 0.5, width - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(width - 1, x0 + 1);
      const fx = sx - x0;
      const o = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const a = source[(y0 * width + x0) * 3 + c] ?? 0;
        const b = source[(y0 * width + x1) * 3 + c] ?? 0;
        const d = source[(y1 * width + x0) * 3 + c] ?? 0;
        const e = source[(y1 * width + x1) * 3 + c] ?? 0;
        const value = (a + (b - a) * fx) * (1 - fy) + (d + (e - d) * fx) * fy;
        out[o + c] = value * gain + (c === 0 ? warm : c === 2 ? -warm : 0);
      }
    }
  }
}

function clamp(value: number, max: number): number {
  return value < 0 ? 0 : value > max ? max : value;
}
