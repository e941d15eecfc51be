// Issue 15 goal 6: start-up. Wall time of `seedsnap --help` and of `seedsnap diff a.png b.png` on two small
// images (64×64, differing), beside `node -e 0` measured in the same run, the three taking turns. Median of
// RUNS (default 15) each. Run: npm run build && node bench/startup.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodePng } from '../dist/index.js';
import { record } from './lib/figures.mjs';
import { BIN } from './lib/model-runs.mjs';
import { header, machine, row } from './lib/print.mjs';

const RUNS = Number(process.env.RUNS ?? 15);
const dir = mkdtempSync(path.join(os.tmpdir(), 'seedsnap-bench-startup-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const small = (shift) => {
  const data = new Uint8Array(64 * 64 * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i > 6000 ? shift : 0)) & 255;
  return encodePng({ width: 64, height: 64, data }, 3);
};
writeFileSync(path.join(dir, 'a.png'), small(0));
writeFileSync(path.join(dir, 'b.png'), small(40));

const commands = {
  node: { label: '`node -e 0` (the anchor)', args: ['-e', '0'], ok: [0] },
  help: { label: '`seedsnap --help`', args: [BIN, '--help'], ok: [0] },
  diff: { label: '`seedsnap diff a.png b.png` (64×64, they differ)', args: [BIN, 'diff', 'a.png', 'b.png'], ok: [1] },
};
const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (let i = 0; i < RUNS + 1; i++) {
  for (const [name, c] of Object.entries(commands)) {
    const started = performance.now();
    const r = spawnSync(process.execPath, c.args, { cwd: dir, env: { ...process.env, NO_COLOR: '1', CI: '' } });
    const ms = performance.now() - started;
    if (!c.ok.includes(r.status)) throw new Error(`${c.label} exited ${r.status}: ${r.stderr}`);
    if (i > 0) samples[name].push(ms); // the first round warms the file cache
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const anchor = median(samples.node);
console.log(`## Start-up (issue 15 goal 6)\n\n${machine()}; median of ${RUNS} runs each, taking turns`);
header('Wall time of a whole process', ['command', 'median ms', 'best ms', '× `node -e 0`', 'target']);
for (const [name, c] of Object.entries(commands)) {
  const m = median(samples[name]);
  const target = name === 'help' ? '≤ 2×' : name === 'diff' ? '≤ 2.5×' : '';
  row(c.label, m.toFixed(0), Math.min(...samples[name]).toFixed(0), `**${(m / anchor).toFixed(2)}×**`, target);
  record('startup', name, m, 'ms', { ratio: m / anchor });
}
