// Two builds of the comparator, A/B in one process: compareImagesAsync over the compare bench's 48 model pairs
// (bench/lib/model-runs.mjs), alternating build by build pair by pair, on whatever cores the OS gives; CPU per
// pair of each and their ratio, per round. Alternating pair by pair keeps a shared machine's drift out of the
// ratio, which is the figure to read. Not part of `npm run bench` (it needs a second build).
//   git worktree add /tmp/before <commit> && (cd /tmp/before && npm ci && npm run build)
//   npm run build && BASE=/tmp/before/dist node bench/compare-ab.mjs      (FORMAT=jpeg, ROUNDS=3)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { modelRuns } from './lib/model-runs.mjs';
import { machine } from './lib/print.mjs';

if (!process.env.BASE)
  throw new Error('BASE: the dist folder of the build to compare with (see the comment at the top)');
const format = process.env.FORMAT ?? 'png';
const rounds = Number(process.env.ROUNDS ?? 3);
const builds = { before: path.resolve(process.env.BASE), this: path.resolve(import.meta.dirname, '../dist') };
const loaded = {};
for (const [name, dist] of Object.entries(builds)) {
  loaded[name] = {
    compare: (await import(path.join(dist, 'compare/compare.js'))).compareImagesAsync,
    tolerance: (await import(path.join(dist, 'compare/tolerance.js'))).DEFAULT_TOLERANCE,
  };
}
const runs = await modelRuns();
const pairs = runs[format].pairs.map((pair) => pair.map((file) => readFileSync(file)));
console.log(
  `## compareImagesAsync, this build against ${builds.before}\n\n${machine()}; ${pairs.length} ${format} pairs\n`,
);
console.log('| round | before, CPU ms/pair | this build, CPU ms/pair | ratio |\n| --- | ---: | ---: | ---: |');
for (let round = 1; round <= rounds; round++) {
  const cpu = { before: 0, this: 0 };
  for (const [expected, actual] of pairs) {
    for (const name of round % 2 ? ['before', 'this'] : ['this', 'before']) {
      const { compare, tolerance } = loaded[name];
      const started = process.cpuUsage();
      await compare({ expected, actual, tolerance });
      const used = process.cpuUsage(started);
      cpu[name] += (used.user + used.system) / 1000;
    }
  }
  const per = (name) => (cpu[name] / pairs.length).toFixed(1);
  console.log(`| ${round} | ${per('before')} | ${per('this')} | ${(cpu.this / cpu.before).toFixed(3)} |`);
}
