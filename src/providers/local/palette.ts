/**
 * Colour matching for negative prompts. A colour word removes every colour of
 * its hue (a negative "blue" takes the blue out of the sky too, not only out
 * of blue objects), which a plain RGB distance gets wrong: the default sky is
 * far from the "blue" swatch in RGB yet plainly blue.
 */
import type { Rgb } from './vocabulary.js';

interface Hsv {
  /** Hue in degrees, 0..360. */
  h: number;
  /** Saturation, 0..1. */
  s: number;
  /** Value, 0..1. */
  v: number;
}

/** RGB to HSV with only + − × ÷ (exact on every machine). */
export function toHsv(colour: Rgb): Hsv {
  const [r, g, b] = colour;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  const v = max / 255;
  const s = max <= 0 ? 0 : d / max;
  if (d <= 0) return { h: 0, s, v };
  let h: number;
  if (max === r) h = ((g - b) / d + 6) % 6;
  else if (max === g) h = (b - r) / d + 2;
  else h = (r - g) / d + 4;
  return { h: h * 60, s, v };
}

/** Degrees of hue within which a colour counts as the named one. */
const HUE_WINDOW = 20;

/** Whether `colour` is what the colour word `removed` names. */
export function matchesColour(colour: Rgb, removed: Rgb): boolean {
  const c = toHsv(colour);
  const r = toHsv(removed);
  if (r.s < 0.3) {
    // white, black, grey, silver: near-neutral colours of about that lightness.
    return c.s < 0.2 && Math.abs(c.v - r.v) < 0.2;
  }
  if (c.s < 0.22) return false;
  const apart = Math.abs(c.h - r.h);
  return Math.min(apart, 360 - apart) <= HUE_WINDOW && Math.abs(c.v - r.v) < 0.5;
}

/**
 * A colour the negative prompt names becomes a muted neutral, as a real model avoids it: of the same
 * lightness for a hue, and a mid grey for a neutral (a negative "white" must not leave it white).
 */
export function withoutColours(colour: Rgb, removed: readonly Rgb[]): Rgb {
  for (const r of removed) {
    if (!matchesColour(colour, r)) continue;
    let grey = 0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2];
    if (toHsv(r).s < 0.3) grey = grey > 128 ? grey * 0.55 : grey * 0.5 + 100;
    return [grey * 0.9 + 15, grey * 0.95 + 10, grey + 10];
  }
  return colour;
}
