/**
 * The WebAssembly kernels, built into wasm/kernels.wasm by `npm run build:wasm` (AssemblyScript) and
 * loaded by src/util/wasm-kernels.ts: the inner loops where JavaScript was measured slowest against
 * native tools. Each is checked against its JavaScript reference by the tests.
 */
export { unfilterToRgba } from './png';
export { rgbToRgba } from './expand';
export { setupFindings } from './findings';
export { toPalette } from './palette';
export { alignedChannelSums, alignedError, blockResiduals } from './aligned';
export { groupCells, maskCells } from './regions';
export { phashGrids } from './phash';
export { ssimFromCells } from './ssim';
export { allOpaque, passRows, setup } from './pass';

/** Where JavaScript may start placing its buffers: everything above is free. */
export function heapBase(): usize {
  return __heap_base;
}
