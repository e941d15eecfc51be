/**
 * The findings' pixel walks on the pair the kernel's pass left in memory (resident-pair.ts,
 * wasm/aligned.ts) against their JavaScript loops: the same figures to the bit, and residency only for
 * the very arrays the pass was given, until anything else reserves the kernels' memory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { measureFindings } from '../../src/compare/findings/figures.js';
import { localColourChange } from '../../src/compare/findings/local.js';
import { alignedChannelShift, estimateTranslation } from '../../src/compare/findings/translation.js';
import { shifted, withNoise, withOffsets } from '../../src/compare/findings/variants.js';
import { opaquePixelPass } from '../../src/compare/pixel-pass-wasm.js';
import { ignoreMask } from '../../src/compare/regions.js';
import { residentPair } from '../../src/compare/resident-pair.js';
import { encodePngQuick } from '../../src/image/png-encode.js';
import type { RgbaImage } from '../../src/image/types.js';
import { useWasmKernels } from '../../src/util/wasm-kernels.js';
import { photo } from '../helpers/photos.js';
import { textured } from '../helpers/textures.js';

afterEach(() => useWasmKernels(true));

/** Both figures from the kernel right after the pass, then from the JavaScript loops (kernels off). */
function bothWays(expected: RgbaImage, actual: RgbaImage, ignored?: Uint8Array) {
  const pass = opaquePixelPass(expected, actual, { threshold: 0.1, findings: true, ...(ignored ? { ignored } : {}) });
  if (!pass?.findingSums) throw new Error('the kernel declined an opaque pair');
  expect(residentPair(expected.data, actual.data, ignored)).toBeDefined();
  const sums = pass.findingSums;
  const input = { expected, actual, profiles: sums, ...(ignored ? { ignored } : {}) };
  const measure = () => {
    const translation = estimateTranslation(input);
    return {
      translation,
      colour: alignedChannelShift({
        expected,
        actual,
        dx: translation.dx || 2,
        dy: translation.dy,
        ...(ignored ? { ignored } : {}),
      }),
      unaligned: alignedChannelShift({ expected, actual, dx: 0, dy: 0, ...(ignored ? { ignored } : {}) }),
      local: localColourChange({ expected, actual, sums, ...(ignored ? { ignored } : {}) }),
      // Everything, the regions among it (the pass's mask, or'ed with the local one, scanned on the kernel).
      figures: measureFindings({ expected, actual, sums, diffMask: pass.mask, ...(ignored ? { ignored } : {}) }),
    };
  };
  const kernel = measure();
  useWasmKernels(false);
  expect(residentPair(expected.data, actual.data, ignored)).toBeUndefined();
  const js = measure();
  useWasmKernels(true);
  expect(kernel).toEqual(js);
  return kernel;
}

describe('findings on the resident pair', () => {
  it('give the JavaScript figures on shifted, recoloured and noisy pictures, odd sizes and ignore regions', () => {
    const base = textured(163, 129);
    expect(bothWays(base, shifted(base, { dx: 3, dy: -2 })).translation).toMatchObject({ dx: 3, dy: -2 });
    bothWays(base, withOffsets(shifted(base, { dx: -1, dy: 0 }), { r: 6, g: 0, b: -4 }));
    bothWays(base, withNoise(base, { levels: 3, share: 0.4, seed: 5 }));
    // A 40×40 patch recoloured at about the same brightness, on a picture made darker (some levels clip).
    const recoloured = withOffsets(base, { r: -30, g: -30, b: -30 });
    const patch = withOffsets(recoloured, { r: 40, g: -20, b: 60 });
    for (let y = 30; y < 70; y++)
      recoloured.data.set(patch.data.subarray((y * 163 + 50) * 4, (y * 163 + 90) * 4), (y * 163 + 50) * 4);
    const withLocal = bothWays(base, recoloured);
    expect(withLocal.local.mask).toBeDefined();
    expect(withLocal.figures.regionCount).toBeGreaterThan(0);
    // Three patches, each moving one channel alone: the marking looks at every channel.
    const channels = withOffsets(base, { r: 0, g: 0, b: 0 });
    for (const [i, offsets] of [
      { r: 24, g: 0, b: 0 },
      { r: 0, g: 24, b: 0 },
      { r: 0, g: 0, b: 24 },
    ].entries()) {
      const moved = withOffsets(base, offsets);
      for (let y = 20; y < 44; y++) {
        const from = (y * 163 + 10 + i * 50) * 4;
        channels.data.set(moved.data.subarray(from, from + 24 * 4), from);
      }
    }
    expect(bothWays(base, channels).local.mask).toBeDefined();
    // A patch on the right edge: the last blocks are 3 pixels wide (163 = 10 · 16 + 3), an odd last pixel a row.
    const edge = withOffsets(base, { r: 0, g: 0, b: 0 });
    const edgeMoved = withOffsets(base, { r: 30, g: -10, b: 0 });
    for (let y = 40; y < 72; y++) {
      const from = (y * 163 + 131) * 4;
      edge.data.set(edgeMoved.data.subarray(from, from + 32 * 4), from);
    }
    const atEdge = bothWays(base, edge);
    expect(atEdge.local.mask?.[50 * 163 + 162]).toBe(1);
    const storm = photo('storm');
    expect(bothWays(storm, shifted(storm, { dx: 2, dy: 0 })).translation).toMatchObject({ dx: 2, dy: 0 });
    const mask = ignoreMask([{ x: 10, y: 12, width: 40, height: 30 }], base.width, base.height);
    bothWays(base, shifted(base, { dx: 2, dy: 1 }), mask?.mask);
  });

  it('is resident only for the arrays the pass was given, until the memory is reserved again', () => {
    const base = textured(64, 48);
    const other = shifted(base, { dx: 1, dy: 0 });
    opaquePixelPass(base, other, { threshold: 0.1 });
    expect(residentPair(base.data, other.data, undefined)).toBeDefined();
    expect(residentPair(new Uint8Array(base.data), other.data, undefined)).toBeUndefined();
    expect(residentPair(base.data, other.data, new Uint8Array(64 * 48))).toBeUndefined();
    // Encoding a diff reserves the memory for its palette: the pair is no longer there.
    encodePngQuick(base);
    expect(residentPair(base.data, other.data, undefined)).toBeUndefined();
  });
});
