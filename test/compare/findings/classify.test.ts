import pixelmatch from 'pixelmatch';
import { describe, expect, it } from 'vitest';
import { comparePixels } from '../../../src/compare/compare.js';
import { type ClassifyInput, classify } from '../../../src/compare/findings/classify.js';
import { measureFindings } from '../../../src/compare/findings/figures.js';
import { blurred, shifted, withOffsets, withPatch } from '../../../src/compare/findings/variants.js';
import { DEFAULT_TOLERANCE } from '../../../src/compare/tolerance.js';
import type { RgbaImage } from '../../../src/image/types.js';
import type { FindingFigures } from '../../../src/types/findings.js';
import { photo } from '../../helpers/photos.js';
import { maskFromDiffImage } from '../../helpers/reference-findings.js';
import { textured } from '../../helpers/textures.js';

const SAME: FindingFigures = {
  channelShift: { r: 0, g: 0, b: 0 },
  localColourShift: 0,
  gmsd: 0,
  edgeRatio: 1,
  shift: { dx: 0, dy: 0, gain: 0 },
  regions: [],
  regionCount: 0,
};

function input(figures: Partial<FindingFigures>, metrics: Partial<ClassifyInput['metrics']> = {}): ClassifyInput {
  return {
    figures: { ...SAME, ...figures },
    metrics: { diffRatio: 0.01, psnr: 30, ssim: 0.95, phashDistance: 0, ...metrics },
    width: 384,
    height: 384,
  };
}

/** Compare for real (pixelmatch, metrics, figures) and classify, as the comparator will. */
function explain(expected: RgbaImage, actual: RgbaImage) {
  const { width, height } = expected;
  const { metrics } = comparePixels(expected, actual, DEFAULT_TOLERANCE, { diffImage: 'never' });
  const diff = new Uint8Array(width * height * 4);
  pixelmatch(expected.data, actual.data, diff, width, height, { threshold: 0.1 });
  const figures = measureFindings({ expected, actual, diffMask: maskFromDiffImage({ width, height, data: diff }) });
  const { diffRatio = 0, psnr = 100, ssim = 1, phashDistance = 0 } = metrics;
  return classify({ figures, metrics: { diffRatio, psnr, ssim, phashDistance }, width, height });
}

const summaries = (changes: { kind: string; summary: string }[]) => changes.map((c) => `${c.kind}: ${c.summary}`);

describe('findings from figures', () => {
  it('colour: channels moving apart; red up and blue down is warmer, with the levels', () => {
    expect(classify(input({ channelShift: { r: 8, g: 0, b: -4 } }))).toEqual([
      { kind: 'colour', summary: 'warmer: red +8.0, blue −4.0 levels', r: 8, g: 0, b: -4 },
    ]);
  });

  it('colour: the other casts have their own words', () => {
    const word = (r: number, g: number, b: number) => classify(input({ channelShift: { r, g, b } }))[0]?.summary;
    expect(word(-6, 0, 5)).toBe('cooler: red −6.0, blue +5.0 levels');
    expect(word(0, 6, 0)).toBe('greener: green +6.0 levels');
    expect(word(0, -6, 0)).toBe('more magenta: green −6.0 levels');
    expect(word(0, 0, -6)).toBe('yellower: blue −6.0 levels');
  });

  it('exposure: all channels together', () => {
    expect(classify(input({ channelShift: { r: -12, g: -12, b: -12 } }))).toEqual([
      { kind: 'exposure', summary: 'darker by 12.0 levels', levels: -12 },
    ]);
    expect(summaries(classify(input({ channelShift: { r: 5, g: 5.4, b: 4.6 } })))).toEqual([
      'exposure: brighter by 5.0 levels',
    ]);
  });

  it('exposure and colour together: the larger first', () => {
    expect(summaries(classify(input({ channelShift: { r: -4, g: -12, b: -12 } })))).toEqual([
      'exposure: darker by 9.3 levels',
      'colour: redder: red −4.0, green −12.0, blue −12.0 levels',
    ]);
  });

  it('small moves of the means (under 2 levels) are no finding', () => {
    expect(classify(input({ channelShift: { r: 1.5, g: -1, b: 0 }, regions: [], regionCount: 0 }))[0]?.kind).not.toBe(
      'colour',
    );
  });

  it('blur and sharpen: the edge energy against the baseline', () => {
    expect(classify(input({ edgeRatio: 0.71 }))).toEqual([
      { kind: 'blur', summary: 'softer: edge energy 71% of the baseline', edgeRatio: 0.71 },
    ]);
    expect(summaries(classify(input({ edgeRatio: 1.4 })))).toEqual([
      'sharpen: sharper: edge energy 140% of the baseline',
    ]);
  });

  it('shift: where the picture moved, when aligning removes enough of the difference', () => {
    expect(classify(input({ shift: { dx: 2, dy: 0, gain: 0.97 } }))).toEqual([
      { kind: 'shift', summary: 'moved 2 px right', dx: 2, dy: 0, gain: 0.97 },
    ]);
    expect(summaries(classify(input({ shift: { dx: -3, dy: 1, gain: 0.8 } })))).toEqual([
      'shift: moved 3 px left and 1 px down',
    ]);
    expect(summaries(classify(input({ shift: { dx: 0, dy: -2, gain: 0.6 } })))).toEqual(['shift: moved 2 px up']);
    expect(classify(input({ shift: { dx: 4, dy: 0, gain: 0.1 } }))[0]?.kind).not.toBe('shift');
  });

  it('a shift explains the edges that differ: no region is listed with it', () => {
    const regions = [{ x: 0, y: 0, width: 30, height: 30, pixels: 800 }];
    expect(summaries(classify(input({ shift: { dx: 2, dy: 0, gain: 0.9 }, regions, regionCount: 1 })))).toEqual([
      'shift: moved 2 px right',
    ]);
  });

  it('region: each solid changed region with its box, largest first', () => {
    const regions = [
      { x: 120, y: 88, width: 40, height: 40, pixels: 1500 },
      { x: 10, y: 300, width: 12, height: 10, pixels: 90 },
    ];
    expect(classify(input({ regions, regionCount: 2 }))).toEqual([
      {
        kind: 'region',
        summary: 'a 40×40 region changed at (120, 88)',
        x: 120,
        y: 88,
        width: 40,
        height: 40,
        pixels: 1500,
      },
      {
        kind: 'region',
        summary: 'a 12×10 region changed at (10, 300)',
        x: 10,
        y: 300,
        width: 12,
        height: 10,
        pixels: 90,
      },
    ]);
  });

  it('content: a different picture says it all', () => {
    const regions = [{ x: 0, y: 0, width: 384, height: 384, pixels: 140000 }];
    expect(
      classify(
        input(
          { channelShift: { r: 100, g: 50, b: 20 }, regions, regionCount: 1 },
          { phashDistance: 32, ssim: 0.31, diffRatio: 0.95 },
        ),
      ),
    ).toEqual([{ kind: 'content', summary: 'a different picture (SSIM 0.31)', ssim: 0.31, phashDistance: 32 }]);
  });

  it('not content when the change is confined to a region, however far the hashes', () => {
    const regions = [{ x: 100, y: 100, width: 150, height: 120, pixels: 15000 }];
    expect(summaries(classify(input({ regions, regionCount: 1 }, { phashDistance: 24 })))).toEqual([
      'region: a 150×120 region changed at (100, 100)',
    ]);
  });

  it('a failing image always gets a finding: scattered changes, or else "changed all over"', () => {
    const scattered = [
      { x: 30, y: 40, width: 160, height: 90, pixels: 700 },
      { x: 300, y: 10, width: 8, height: 40, pixels: 30 },
    ];
    expect(summaries(classify(input({ regions: scattered, regionCount: 7 })))).toEqual([
      'region: scattered changes in 7 places, the largest over 160×90 at (30, 40)',
    ]);
    expect(summaries(classify(input({}, { psnr: 31.24, ssim: 0.951 })))).toEqual([
      'content: changed all over (PSNR 31.2 dB, SSIM 0.95)',
    ]);
  });
});

describe('findings on real and synthetic images', () => {
  it('colour: a warm cast of a photograph', () => {
    const base = photo('rocket');
    expect(summaries(explain(base, withOffsets(base, { r: 8, g: 0, b: -4 })))).toEqual([
      'colour: warmer: red +8.0, blue −4.0 levels',
    ]);
  });

  it('exposure: a darker photograph (pixels clip at 0, so a little less than 12 on average)', () => {
    const base = photo('coffee');
    expect(summaries(explain(base, withOffsets(base, { r: -12, g: -12, b: -12 })))).toEqual([
      'exposure: darker by 10.7 levels',
    ]);
  });

  it('blur: a softer photograph, and a softer synthetic picture', () => {
    const base = photo('aqua');
    expect(explain(base, blurred(base, 1.2))[0]).toMatchObject({ kind: 'blur' });
    const synthetic = textured(128, 128);
    expect(explain(synthetic, blurred(synthetic, 1.2))[0]).toMatchObject({ kind: 'blur' });
  });

  it('shift: a smooth photograph moved 2 px, and a synthetic one moved diagonally', () => {
    const base = photo('storm');
    expect(summaries(explain(base, shifted(base, { dx: 2, dy: 0 })))).toEqual(['shift: moved 2 px right']);
    const synthetic = textured(128, 128);
    expect(summaries(explain(synthetic, shifted(synthetic, { dx: -2, dy: 3 })))).toEqual([
      'shift: moved 2 px left and 3 px down',
    ]);
  });

  it('region: a 40×40 patch of another photograph', () => {
    const base = photo('astronaut');
    expect(summaries(explain(base, withPatch(base, { from: photo('coffee'), x: 120, y: 88, size: 40 })))).toEqual([
      'region: a 40×40 region changed at (120, 88)',
    ]);
  });

  it('content: another photograph', () => {
    expect(explain(photo('rocket'), photo('coffee'))).toEqual([
      {
        kind: 'content',
        summary: expect.stringMatching(/^a different picture \(SSIM 0\.\d\d\)$/),
        ssim: expect.any(Number),
        phashDistance: expect.any(Number),
      },
    ]);
  });
});
