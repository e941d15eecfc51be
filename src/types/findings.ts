/**
 * The figures that say how an image changed (beyond how much), and the findings drawn from them.
 * Every figure is measured on actual against expected: a positive channel shift means the actual
 * image is brighter in that channel, a positive dx means it moved right.
 */

/**
 * Signed mean difference of each channel, actual − expected, in 8-bit levels, outside the local
 * changed regions (so a changed object does not read as a cast of the whole picture); when the
 * picture moved, measured with the two aligned.
 */
export interface ChannelShift {
  r: number;
  g: number;
  b: number;
}

/**
 * The global translation that best aligns actual with expected: actual(x, y) ≈ expected(x − dx, y − dy).
 * `gain` is the share of the luminance difference that aligning by (dx, dy) removes, 0..1
 * (0 when no translation helps; a real shift scores close to 1).
 */
export interface Translation {
  dx: number;
  dy: number;
  gain: number;
}

/** A box around one connected group of differing pixels. */
export interface ChangedRegion {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Differing pixels inside the group. */
  pixels: number;
}

export interface FindingFigures {
  channelShift: ChannelShift;
  /**
   * The largest move of a 16×16 block's mean R, G or B beyond the picture's own (levels): a changed
   * object that pixelmatch misses because its brightness is about the same (local.ts).
   */
  localColourShift: number;
  /**
   * Gradient magnitude similarity deviation (Xue et al. 2014) of the luminance: 0 when the structure
   * is the same; noise and a JPEG re-encode score up to about 0.015, a blur, a shift or another
   * picture more (docs/findings.md).
   */
  gmsd: number;
  /**
   * Edge energy (squared luminance gradients) of actual / expected, outside the solid changed
   * regions (a new object's edges say nothing about the sharpness of the rest): < 1 softer, > 1 sharper.
   */
  edgeRatio: number;
  shift: Translation;
  /**
   * Changed regions, largest first (at most MAX_REGIONS): groups of pixelmatch's differing pixels
   * and of the pixels of blocks whose colour moved.
   */
  regions: ChangedRegion[];
  /** How many changed regions there are in all (the list keeps only the largest). */
  regionCount: number;
}

/** What a finding says changed, in the order the classifier considers them (compare/findings/classify.ts). */
export const CHANGE_KINDS = ['content', 'shift', 'exposure', 'colour', 'blur', 'sharpen', 'region'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

interface ChangeBase<K extends ChangeKind> {
  kind: K;
  /** One plain sentence with the numbers, e.g. "warmer: red +8.0, blue −4.0 levels". */
  summary: string;
}

export type Change =
  | (ChangeBase<'content'> & { ssim: number; phashDistance: number })
  | (ChangeBase<'shift'> & { dx: number; dy: number; gain: number })
  | (ChangeBase<'exposure'> & { levels: number })
  | (ChangeBase<'colour'> & ChannelShift)
  | (ChangeBase<'blur'> & { edgeRatio: number })
  | (ChangeBase<'sharpen'> & { edgeRatio: number })
  | (ChangeBase<'region'> & ChangedRegion);
