/**
 * The diff image encoded straight from the kernels' memory, where the pass drew it, and the mask read
 * there (inPlace, compare.ts's encodeDiff): the same PNG and mask as from a copy, and a loud error when that
 * memory was reserved again first.
 */
import { describe, expect, it } from 'vitest';
import { encodeDiff } from '../../src/compare/compare.js';
import { diffRgba, encodeDrawnDiff } from '../../src/compare/drawn-diff.js';
import { pixelPass } from '../../src/compare/pixel-pass.js';
import { decodeImage } from '../../src/image/decode.js';
import type { RgbaImage } from '../../src/image/types.js';
import { LocalModel } from '../../src/providers/local/provider.js';
import { reserve, wasmKernels } from '../../src/util/wasm-kernels.js';

function modelImage(revision: number): RgbaImage {
  const [image] = new LocalModel({ revision, jitter: 0 }).generate({
    model: 'sim-dev',
    prompt: 'a harbour at dawn, fishing boats',
    seed: 3,
    width: 120,
    height: 96,
    steps: 28,
    output_format: 'png',
  });
  return decodeImage(image?.bytes ?? new Uint8Array());
}

function kernelMemory(): WebAssembly.Memory {
  const kernels = wasmKernels();
  if (!kernels) throw new Error('the kernels should load');
  return kernels.memory;
}

describe('the diff encoded where the pass drew it', () => {
  const expected = modelImage(1);
  const actual = modelImage(2);
  const passed = { expected: expected.data, actual: actual.data, ignored: undefined };

  it('is read from the kernels memory and gives the PNG a copy gives', () => {
    const pass = pixelPass(expected, actual, { threshold: 0.1, draw: true, inPlace: true, findings: true });
    if (pass.diff?.kind !== 'indexed') throw new Error('the kernel should draw palette indices');
    expect(pass.diff.rows.buffer).toBe(kernelMemory().buffer);
    const copy = { kind: 'indexed', rows: pass.diff.rows.slice() } as const;
    const png = encodeDiff(pass.diff, expected, passed, undefined);
    expect(Buffer.from(png).equals(Buffer.from(encodeDrawnDiff(copy, expected.width, expected.height)))).toBe(true);
    expect(decodeImage(png).data).toEqual(diffRgba(copy, expected.width, expected.height));
  });

  it('leaves the mask of differing pixels in place too, the mask a copy gives', () => {
    const copied = pixelPass(expected, actual, { threshold: 0.1, draw: true, findings: true });
    const pass = pixelPass(expected, actual, { threshold: 0.1, draw: true, inPlace: true, findings: true });
    expect(pass.mask?.buffer).toBe(kernelMemory().buffer);
    expect(copied.mask?.buffer).not.toBe(kernelMemory().buffer);
    expect(pass.mask).toEqual(copied.mask);
    expect(pass.mask?.includes(1)).toBe(true);
  });

  it('throws, rather than encode what is there, when the memory was reserved again since the pass', () => {
    const pass = pixelPass(expected, actual, { threshold: 0.1, draw: true, inPlace: true, findings: true });
    if (!pass.diff) throw new Error('the pass should draw');
    const kernels = wasmKernels();
    if (kernels) reserve(kernels, 64);
    const diff = pass.diff;
    expect(() => encodeDiff(diff, expected, passed, undefined)).toThrow(
      /diff left in the kernels' memory was overwritten/,
    );
  });
});
