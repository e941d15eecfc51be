/**
 * The WebAssembly kernels load from the build (a build without them would silently run the slower
 * JavaScript loops: this is the test that says so), their memory grows on demand, and they can be turned off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  KEEP_MEMORY_BYTES,
  reservationCount,
  reserve,
  useWasmKernels,
  wasmKernels,
} from '../../src/util/wasm-kernels.js';

afterEach(() => useWasmKernels(true));

describe('wasm kernels', () => {
  it('load from wasm/kernels.wasm, with every kernel the callers use', () => {
    const kernels = wasmKernels();
    expect(kernels, 'wasm/kernels.wasm did not load: run `npm run build:wasm`').toBeDefined();
    for (const name of ['unfilterToRgba', 'allOpaque', 'setup', 'passRows'] as const) {
      expect(typeof kernels?.[name], name).toBe('function');
    }
  });

  it('grow their memory to what is reserved, and keep the region at one place', () => {
    const kernels = wasmKernels();
    if (!kernels) throw new Error('no kernels');
    const first = reserve(kernels, 1 << 10);
    const big = reserve(kernels, 40 << 20);
    expect(big).toBe(first);
    expect(kernels.memory.buffer.byteLength).toBeGreaterThanOrEqual((big ?? 0) + (40 << 20));
    // allOpaque reads what JavaScript placed there.
    const at = big ?? 0;
    const pixels = new Uint8Array(kernels.memory.buffer, at, 4 * 7).fill(255);
    expect(kernels.allOpaque(at, 7)).toBe(1);
    pixels[4 * 6 + 3] = 254;
    expect(kernels.allOpaque(at, 7)).toBe(0);
    pixels[4 * 6 + 3] = 255;
    pixels[4 * 1 + 3] = 0;
    expect(kernels.allOpaque(at, 7)).toBe(0);
  });

  it('give a grown memory back: past KEEP_MEMORY_BYTES, the next use gets a fresh instance', () => {
    const kernels = wasmKernels();
    if (!kernels) throw new Error('no kernels');
    const big = reserve(kernels, KEEP_MEMORY_BYTES + (16 << 20));
    expect(big).toBeDefined();
    expect(kernels.memory.buffer.byteLength).toBeGreaterThan(KEEP_MEMORY_BYTES);
    const count = reservationCount();
    const fresh = wasmKernels();
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(kernels);
    expect(fresh?.memory.buffer.byteLength).toBeLessThan(1 << 20);
    // Nothing placed in the old memory can be taken for resident any more.
    expect(reservationCount()).toBeGreaterThan(count);
    expect(wasmKernels()).toBe(fresh);
  });

  it('are off after useWasmKernels(false), as with SEEDSNAP_NO_WASM=1', () => {
    useWasmKernels(false);
    expect(wasmKernels()).toBeUndefined();
    useWasmKernels(true);
    expect(wasmKernels()).toBeDefined();
  });
});
