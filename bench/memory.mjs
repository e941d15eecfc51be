// Memory flat in suite size: the peak RSS of a 1,000-case run against that of a 100-case run (target:
// at most 1.2×), each in its own child process running the real CLI (bench/lib/maxrss.mjs). Every image
// is a 512×512 PNG (SIZE=1024 for the big ones) from a fake API with no latency (bench/lib/fake-together.mjs): a first run writes
// the baselines; the measured run gets a picture differing in a 64×64 patch, so every case is decoded,
// compared, fails and writes a diff — the most image bytes a run handles.
// Also printed: the size of the 1,000-case run's index.html + results.json.
// Run: npm run build && node bench/memory.mjs   (SMALL, LARGE, SIZE, CONCURRENCY to change the set-up)
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { startFakeTogether, tempDir, writeRemoteSuite } from './lib/harness.mjs';
import { header, machine, row } from './lib/print.mjs';

const SMALL = Number(process.env.SMALL ?? 100);
const LARGE = Number(process.env.LARGE ?? 1000);
const SIZE = process.env.SIZE ?? '512';
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);

function cli(args, cwd, rssFile) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [new URL('./lib/maxrss.mjs', import.meta.url).pathname, ...args], {
      cwd,
      env: { ...process.env, MAXRSS_FILE: rssFile, NO_COLOR: '1', CI: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

async function measure(cases) {
  const dir = await tempDir(`memory-${cases}`);
  const rssFile = path.join(dir, 'maxrss');
  const args = ['run', 'bench.yaml', '--out', 'run'];
  const first = await startFakeTogether({ LATENCY_MS: '0', SIZE, IMAGE: 'a' });
  await writeRemoteSuite(dir, { url: first.url, cases, concurrency: CONCURRENCY });
  const seeded = await cli(['run', 'bench.yaml', '--out', 'seed'], dir, rssFile);
  await first.stop();
  if (seeded.code !== 0) throw new Error(`writing baselines failed (exit ${seeded.code}): ${seeded.stderr}`);
  const seedRss = Number(await readFile(rssFile, 'utf8'));
  const changed = await startFakeTogether({ LATENCY_MS: '0', SIZE, IMAGE: 'b' });
  await writeRemoteSuite(dir, { url: changed.url, cases, concurrency: CONCURRENCY });
  const started = performance.now();
  const measured = await cli(args, dir, rssFile);
  const seconds = (performance.now() - started) / 1000;
  await changed.stop();
  if (measured.code !== 1)
    throw new Error(`expected every case to fail (exit 1), got ${measured.code}: ${measured.stderr}`);
  const rss = Number(await readFile(rssFile, 'utf8'));
  const html = (await stat(path.join(dir, 'run', 'index.html'))).size;
  const json = (await stat(path.join(dir, 'run', 'results.json'))).size;
  return { rss, seedRss, seconds, html, json };
}

console.log(`## Memory\n\n${machine()}; ${SIZE}×${SIZE} PNG images, concurrency ${CONCURRENCY}`);
header('Peak RSS of a whole run (child process, real CLI)', [
  'cases',
  'run writing baselines: MB',
  'run comparing, all fail: MB',
  'compare run s',
  'vs smallest',
]);
let smallest;
for (const cases of [SMALL, LARGE]) {
  const m = await measure(cases);
  smallest ??= m.rss;
  row(
    cases,
    (m.seedRss / 1024).toFixed(0),
    (m.rss / 1024).toFixed(0),
    m.seconds.toFixed(1),
    `${(m.rss / smallest).toFixed(2)}×`,
  );
  if (cases === LARGE) {
    header(`The report of the ${LARGE}-case run`, ['file', 'size']);
    row('index.html', `${(m.html / 1024).toFixed(0)} kB`);
    row('results.json', `${(m.json / 1024).toFixed(0)} kB`);
    row('together', `${((m.html + m.json) / 1024).toFixed(0)} kB`);
  }
}
