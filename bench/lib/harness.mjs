// Helpers for benches that run whole suites: a fake API in a child process and suite files for it.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Start bench/lib/fake-together.mjs; resolves to { url, stop }. */
export function startFakeTogether(env = {}) {
  const child = spawn(process.execPath, [new URL('./fake-together.mjs', import.meta.url).pathname], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`fake-together exited early (${code})`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /port (\d+)/.exec(out);
      if (!match) return;
      child.removeAllListeners('exit');
      const stop = () =>
        new Promise((done) => {
          child.once('exit', done);
          child.stdin.end();
        });
      resolve({ url: `http://127.0.0.1:${match[1]}/v1`, stop });
    });
  });
}

const made = [];
// A 1,000-case run folder with its baselines is gigabytes: nothing is left behind (KEEP=1 keeps it).
process.on('exit', () => {
  if (process.env.KEEP !== '1') for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export async function tempDir(label) {
  const dir = await mkdtemp(path.join(os.tmpdir(), `seedsnap-bench-${label}-`));
  made.push(dir);
  return dir;
}

/** A suite of `cases` images against the fake API (one case, `cases` seeds). */
export async function writeRemoteSuite(dir, { url, cases, concurrency }) {
  const file = path.join(dir, 'bench.yaml');
  const seeds = Array.from({ length: cases }, (_, i) => i + 1);
  await writeFile(
    file,
    `name: bench
provider:
  name: together
  base_url: ${url}
models: [black-forest-labs/FLUX.1-dev]
defaults: { width: 1024, height: 1024, steps: 28 }
seeds: [${seeds.join(', ')}]
concurrency: ${concurrency}
cases:
  - id: lighthouse
    prompt: a lighthouse on a cliff at sunset
`,
  );
  return file;
}
