/**
 * The findings as the comparator uses them, beside the figures (measureFindings in figures.ts, on the
 * sums and mask of the comparator's one pass): the figures of identical images, the figures found among
 * a comparison's metrics, and the findings of a pair that fails.
 */
import type { Change, CompareMetrics, FindingFigures } from '../../types/index.js';
import { classify } from './classify.js';

/** The figures of two images with the same pixels (identical bytes are never decoded). */
export function unchangedFigures(): FindingFigures {
  return {
    channelShift: { r: 0, g: 0, b: 0 },
    localColourShift: 0,
    gmsd: 0,
    edgeRatio: 1,
    shift: { dx: 0, dy: 0, gain: 0 },
    regions: [],
    regionCount: 0,
  };
}

export interface FindingsOfOptions {
  metrics: CompareMetrics;
  width: number;
  height: number;
}

/** The findings' figures among the metrics, when all of them are there (not across sizes, nor in older results). */
export function figuresIn(m: CompareMetrics): FindingFigures | undefined {
  const { channelShift, localColourShift, gmsd, edgeRatio, shift, regions, regionCount } = m;
  if (!channelShift || localColourShift === undefined || gmsd === undefined || edgeRatio === undefined)
    return undefined;
  if (!shift || !regions || regionCount === undefined) return undefined;
  return { channelShift, localColourShift, gmsd, edgeRatio, shift, regions, regionCount };
}

/** What changed, principal first, for a pair that failed; none without the figures (results before them). */
export function findingsOf(options: FindingsOfOptions): Change[] | undefined {
  const { metrics: m, width, height } = options;
  const figures = figuresIn(m);
  if (!figures) return undefined;
  const metrics = {
    diffRatio: m.diffRatio,
    psnr: m.psnr ?? 100,
    ssim: m.ssim ?? 1,
    phashDistance: m.phashDistance ?? 0,
  };
  return classify({ figures, metrics, width, height });
}
