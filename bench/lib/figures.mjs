// Each bench records its headline figures here (when run by bench/run.js, which sets BENCH_FIGURES to a file),
// so that run.js can print every goal of issue 15 beside its anchor at the end, all from the same run.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { load } from './print.mjs';

/** Record one figure: `goal` groups them (e.g. 'compare'), `name` says which, `value` a number, `unit`. */
export function record(goal, name, value, unit, extra = {}) {
  const file = process.env.BENCH_FIGURES;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ goal, name, value, unit, load: load(), ...extra })}\n`);
}

/** Every figure recorded in `file`, as a Map of `${goal}/${name}` to the record. */
export function readFigures(file) {
  const figures = new Map();
  if (!existsSync(file)) return figures;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const f = JSON.parse(line);
    figures.set(`${f.goal}/${f.name}`, f);
  }
  return figures;
}
