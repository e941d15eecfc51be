/**
 * The body of a compare worker thread (see compare-pool.ts): decode, compare
 * and encode the diff with the very same compareImagesAsync the calling thread
 * would run, and send back the Comparison or the error, flattened to data.
 * One pair at a time: the pool sends the next only after the reply.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { adoptKernelsModule, wasmKernels } from '../util/wasm-kernels.js';
import { type CompareInput, CompareInputError, type Comparison, compareImagesAsync } from './compare.js';

export interface CompareRequest {
  id: number;
  input: CompareInput;
}

/** An error as data: structured cloning keeps neither the class nor the `side` of a CompareInputError. */
export type WireError =
  | { kind: 'input'; side: 'expected' | 'actual'; cause: string }
  | { kind: 'other'; name: string; message: string; stack?: string };

export type CompareReply = { id: number; comparison: Comparison } | { id: number; error: WireError };

export async function runRequest(request: CompareRequest): Promise<{ reply: CompareReply; transfer: ArrayBuffer[] }> {
  try {
    const comparison = await compareImagesAsync(request.input);
    const transfer = comparison.diff ? [comparison.diff.buffer as ArrayBuffer] : [];
    return { reply: { id: request.id, comparison }, transfer };
  } catch (error) {
    return { reply: { id: request.id, error: toWire(error) }, transfer: [] };
  }
}

function toWire(error: unknown): WireError {
  if (error instanceof CompareInputError) {
    const cause = error.cause instanceof Error ? error.cause.message : error.message;
    return { kind: 'input', side: error.side, cause };
  }
  if (error instanceof Error) {
    return { kind: 'other', name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  }
  return { kind: 'other', name: 'Error', message: String(error) };
}

// The kernels the pool compiled, instantiated now, while the pool may still be waiting for its first pair.
if (workerData?.kernels instanceof WebAssembly.Module) adoptKernelsModule(workerData.kernels);
if (parentPort) wasmKernels();

parentPort?.on('message', async (request: CompareRequest) => {
  const { reply, transfer } = await runRequest(request);
  parentPort?.postMessage(reply, transfer);
});
