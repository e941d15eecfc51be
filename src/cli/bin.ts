#!/usr/bin/env node
import { ignoreClosedPipe } from './io.js';
import { main } from './main.js';

ignoreClosedPipe(process.stdout);
ignoreClosedPipe(process.stderr);

const controller = new AbortController();
let interrupts = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupts++;
    // First signal: stop sending, finish what is in flight, write a partial report. Second: leave now.
    if (interrupts > 1) process.exit(130);
    controller.abort(new Error(`interrupted by ${signal}`));
    process.exitCode = 130;
  });
}

await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
  setExitCode: (code) => {
    if (!controller.signal.aborted) process.exitCode = code;
  },
});
