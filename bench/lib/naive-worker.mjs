// The reference the compare bench measures seedsnap against, in a worker thread: what a harness built on
// the usual libraries does with their defaults — pngjs (or jpeg-js) decode, pixelmatch drawing its diff,
// pngjs encode of the diff.
import { parentPort } from 'node:worker_threads';
import { naiveCompare } from './naive.mjs';

parentPort.on('message', ({ id, a, b }) => {
  const diff = naiveCompare(a, b);
  parentPort.postMessage({ id, diffPixels: diff.diffPixels, size: diff.png.length });
});
