/**
 * From figures to findings: what changed, in words, principal finding first.
 *
 * The order is fixed by how much of the picture each kind touches: a different picture says it all
 * (nothing else is listed); then a shift (which also explains every edge that differs, so no region
 * is listed with it); then the changes of every pixel — exposure and colour, larger first —, a blur
 * or sharpening; then local changes, largest first. Each kind has its own evidence, measured so that
 * noise (GPU jitter, a JPEG re-encode) never produces a finding (docs/findings.md, "Calibration"):
 *
 * - content: the perceptual hashes are far apart (≥ CONTENT_PHASH bits), or the image differs
 *   almost everywhere and no shift explains it; a change confined to solid regions is not content.
 * - shift: aligning by the estimated translation removes ≥ SHIFT_GAIN of the difference.
 * - exposure / colour: the mean of R, G and B together (exposure) or apart (colour) moved by
 *   ≥ LEVELS outside the local changes (figures.ts leaves them out).
 * - blur / sharpen: the edge energy outside changed regions fell below BLUR_RATIO or rose above
 *   SHARPEN_RATIO.
 * - region: a solid group of differing pixels (regions.ts), at most MAX_REGION_FINDINGS of them.
 *
 * A failing image always gets a finding: when none of the above holds (a gate looser than the
 * evidence, differences scattered in small groups), the largest group of differing pixels is the
 * region, or else the picture "changed all over".
 */

import type { Change, ChangedRegion, FindingFigures } from '../../types/findings.js';
import { localRegions } from './regions.js';
import { SHIFT_GAIN } from './translation.js';

export const CONTENT_PHASH = 20;
export const LEVELS = 2;
export const BLUR_RATIO = 0.9;
export const SHARPEN_RATIO = 1.25;
const MAX_REGION_FINDINGS = 3;
/** Differing over this share of the pixels, with no shift or solid region to explain it, is another picture. */
const EVERYWHERE = 0.5;

export interface ClassifyInput {
  figures: FindingFigures;
  metrics: { diffRatio: number; psnr: number; ssim: number; phashDistance: number };
  width: number;
  height: number;
}

export function classify(input: ClassifyInput): Change[] {
  const { figures, metrics, width, height } = input;
  const local = localRegions({ regions: figures.regions, width, height });
  const { dx, dy, gain } = figures.shift;
  const shifted = (dx !== 0 || dy !== 0) && gain >= SHIFT_GAIN;
  if (!shifted && local.length === 0 && (metrics.phashDistance >= CONTENT_PHASH || metrics.diffRatio >= EVERYWHERE)) {
    return [
      {
        kind: 'content',
        summary: `a different picture (SSIM ${metrics.ssim.toFixed(2)})`,
        ssim: metrics.ssim,
        phashDistance: metrics.phashDistance,
      },
    ];
  }
  const changes: Change[] = [];
  if (shifted) changes.push({ kind: 'shift', summary: `moved ${movement(dx, dy)}`, dx, dy, gain });
  changes.push(...levelChanges(figures));
  const ratio = figures.edgeRatio;
  if (ratio < BLUR_RATIO)
    changes.push({ kind: 'blur', summary: `softer: edge energy ${percent(ratio)} of the baseline`, edgeRatio: ratio });
  if (ratio > SHARPEN_RATIO)
    changes.push({
      kind: 'sharpen',
      summary: `sharper: edge energy ${percent(ratio)} of the baseline`,
      edgeRatio: ratio,
    });
  if (!shifted) {
    for (const r of local.slice(0, MAX_REGION_FINDINGS)) changes.push(regionChange(r));
  }
  if (changes.length > 0) return changes;
  return fallback(input);
}

/** What to say when no kind's evidence is strong enough on its own. */
function fallback(input: ClassifyInput): Change[] {
  const { figures, metrics } = input;
  const largest = figures.regions[0];
  if (largest) {
    const where = `${largest.width}×${largest.height} at (${largest.x}, ${largest.y})`;
    const summary =
      figures.regionCount > 1
        ? `scattered changes in ${figures.regionCount} places, the largest over ${where}`
        : `scattered changes over ${where}`;
    return [{ kind: 'region', summary, ...largest }];
  }
  const summary = `changed all over (PSNR ${metrics.psnr.toFixed(1)} dB, SSIM ${metrics.ssim.toFixed(2)})`;
  return [{ kind: 'content', summary, ssim: metrics.ssim, phashDistance: metrics.phashDistance }];
}

/** Exposure (the mean of the three channel shifts) and colour (each channel's shift apart from it). */
function levelChanges(figures: FindingFigures): Change[] {
  const { r, g, b } = figures.channelShift;
  const exposure = (r + g + b) / 3;
  const cast = [r - exposure, g - exposure, b - exposure];
  const castEnergy = cast.reduce((s, c) => s + c * c, 0) / 3;
  const found: { energy: number; change: Change }[] = [];
  if (Math.abs(exposure) >= LEVELS) {
    const summary = `${exposure < 0 ? 'darker' : 'brighter'} by ${Math.abs(exposure).toFixed(1)} levels`;
    found.push({ energy: exposure * exposure, change: { kind: 'exposure', summary, levels: round1(exposure) } });
  }
  if (Math.max(...cast.map(Math.abs)) >= LEVELS) {
    found.push({ energy: castEnergy, change: { kind: 'colour', summary: colourSummary(r, g, b, cast), r, g, b } });
  }
  return found.sort((p, q) => q.energy - p.energy).map((f) => f.change);
}

const CHANNELS = ['red', 'green', 'blue'] as const;

/** "warmer: red +8.0, blue −4.0 levels": a word for the cast, then every channel that moved noticeably. */
function colourSummary(r: number, g: number, b: number, cast: number[]): string {
  const shifts = [r, g, b];
  const largest = Math.max(...shifts.map(Math.abs));
  const moved = shifts
    .map((v, k) => ({ v, name: CHANNELS[k] }))
    .filter(({ v }) => Math.abs(v) >= Math.max(0.5, largest / 5))
    .map(({ v, name }) => `${name} ${signed(v)}`);
  return `${castWord(shifts, cast)}: ${moved.join(', ')} levels`;
}

function castWord(shifts: number[], cast: number[]): string {
  const [r = 0, , b = 0] = shifts;
  const largest = Math.max(...shifts.map(Math.abs));
  // Red and blue moving opposite ways is what a white balance does: warmer or cooler.
  if (r * b < 0 && Math.min(Math.abs(r), Math.abs(b)) >= largest / 3) return r > 0 ? 'warmer' : 'cooler';
  // Otherwise the channel that moved most against the other two names it.
  const main = cast.reduce((best, c, k) => (Math.abs(c) > Math.abs(cast[best] ?? 0) ? k : best), 0);
  const words = [
    ['redder', 'less red'],
    ['greener', 'more magenta'],
    ['bluer', 'yellower'],
  ] as const;
  return (words[main] as readonly [string, string])[(cast[main] ?? 0) > 0 ? 0 : 1];
}

function movement(dx: number, dy: number): string {
  const parts: string[] = [];
  if (dx !== 0) parts.push(`${Math.abs(dx)} px ${dx > 0 ? 'right' : 'left'}`);
  if (dy !== 0) parts.push(`${Math.abs(dy)} px ${dy > 0 ? 'down' : 'up'}`);
  return parts.join(' and ');
}

function regionChange(r: ChangedRegion): Change {
  return { kind: 'region', summary: `a ${r.width}×${r.height} region changed at (${r.x}, ${r.y})`, ...r };
}

/** "+8.0", "−4.0" (a true minus sign, as in running text). */
function signed(v: number): string {
  const text = Math.abs(v).toFixed(1);
  return v < 0 ? `−${text}` : `+${text}`;
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
