/** Combining styles: prompt style words, then each LoRA. */
import type { StyleLook } from './vocabulary.js';

/**
 * Amounts add up (two grains are more grain), except posterise, where fewer levels are the stronger
 * effect, and pixelate, where larger blocks are: those keep the stronger of the two.
 */
export function mergeStyles(a: StyleLook, b: StyleLook): StyleLook {
  const out: StyleLook = { ...a };
  for (const [key, value] of Object.entries(b) as [keyof StyleLook, number][]) {
    const current = out[key];
    if (current === undefined) out[key] = value;
    else if (key === 'posterize') out[key] = Math.min(current, value);
    else if (key === 'pixelate') out[key] = Math.max(current, value);
    else out[key] = current + value;
  }
  return out;
}
