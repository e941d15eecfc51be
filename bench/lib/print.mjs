// Shared by the benches: every figure is printed with the load average at the moment it was taken, because
// the machine may be busy with other work and a figure means little without it.
import os from 'node:os';

export function load() {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

export function header(title, columns) {
  console.log(`\n### ${title}\n`);
  console.log(`| ${[...columns, 'load avg (1/5/15 min)'].join(' | ')} |`);
  console.log(`| ${[...columns, 'load'].map(() => '---').join(' | ')} |`);
}

export function row(...cells) {
  console.log(`| ${[...cells, load()].join(' | ')} |`);
}

export function machine() {
  const cpus = os.cpus();
  return `node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, load ${load()}`;
}

/** Median and best of `runs` timings of fn (ms), after a warm-up. */
export async function timeIt(fn, runs = 9, warmup = 2) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(runs / 2)], best: samples[0] };
}
