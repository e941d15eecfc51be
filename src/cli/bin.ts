#!/usr/bin/env node
import { closeUntakenPool, startComparePoolEarly } from './early-pool.js';

// Before anything else loads: see early-pool.ts.
if (process.argv[2] === 'compare') await startComparePoolEarly();
const [{ ignoreClosedPipe }, { main }] = await Promise.all([import('./io.js'), import('./main.js')]);

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

try {
  await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: controller.signal,
    setExitCode: (code) => {
      if (!controller.signal.aborted) process.exitCode = code;
    },
  });
} finally {
  await closeUntakenPool();
}
