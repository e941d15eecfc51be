import { type ChildProcess, spawn } from 'node:child_process';
import { BIN } from './cli.js';

export interface Running {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Start the real binary without waiting for it, so a test can signal it mid-run. */
export function startCli(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Running {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, CI: '', NO_COLOR: '1', ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    },
  );
  return { child, done };
}

/** Resolve when `predicate` holds, polling; the test's own timeout bounds the wait. */
export async function until(predicate: () => Promise<boolean> | boolean, everyMs = 20): Promise<void> {
  while (!(await predicate())) await new Promise((resolve) => setTimeout(resolve, everyMs));
}
