import pixelmatch from 'pixelmatch';
import { describe, expect, it } from 'vitest';
import { measureFindings } from '../../../src/compare/findings/figures.js';
import { jpeg420RoundTrip } from '../../../src/compare/findings/jpeg-model.js';
import { LOCAL_LEVELS } from '../../../src/compare/findings/local.js';
import { withOffsets } from '../../../src/compare/findings/variants.js';
import type { RgbaImage } from '../../../src/image/types.js';
import { withPatch as paint } from '../../helpers/images.js';
import { photo } from '../../helpers/photos.js';
import { maskFromDiffImage } from '../../helpers/reference-findings.js';

function figures(expected: RgbaImage, actual: RgbaImage) {
  const diff = new Uint8Array(expected.data.length);
  const differing = pixelmatch(expected.data, actual.data, diff, expected.width, expected.height, { threshold: 0.1 });
  const diffMask = maskFromDiffImage({ width: expected.width, height: expected.height, data: diff });
  return { differing, ...measureFindings({ expected, actual, diffMask }) };
}

describe('local colour shift', () => {
  it('sees an object that changed hue at the same brightness, which pixelmatch does not', () => {
    // Storm's sky is about (91, 116, 158); a grey of the same luminance, 40 levels less blue.
    const base = photo('storm');
    const grey = paint(base, { x: 200, y: 120, width: 40, height: 40 }, [112, 112, 118, 255]);
    const f = figures(base, grey);
    expect(f.differing).toBe(0);
    expect(f.localColourShift).toBeGreaterThan(20);
    expect(f.regions[0]).toMatchObject({ x: 200, y: 120, width: 40, height: 40 });
  });

  it(`stays under ${LOCAL_LEVELS} levels for a JPEG re-encode, even at quality 80`, () => {
    for (const name of ['rocket', 'coffee', 'retina']) {
      const base = photo(name);
      const f = figures(base, jpeg420RoundTrip(base, 80));
      expect(f.localColourShift, name).toBeLessThan(LOCAL_LEVELS / 2);
    }
  });

  it('an exposure change that clips at 0 is not a local change: dark blocks cannot get darker', () => {
    const base = photo('astronaut');
    const f = figures(base, withOffsets(base, { r: -12, g: -12, b: -12 }));
    expect(f.localColourShift).toBeLessThan(LOCAL_LEVELS);
    expect(f.regions).toEqual([]);
  });
});
