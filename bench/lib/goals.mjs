// Issue 15's goals, each figure beside its anchor, as recorded by the benches of this `npm run bench`
// (lib/figures.mjs). A goal whose bench did not run this time says so.
import { readFigures } from './figures.mjs';

const ms = (x) => `${x.toFixed(0)} ms`;
const rate = (x) => `${x.toFixed(1)} pairs/s`;

export function printGoals(file) {
  const f = readFigures(file);
  const get = (key) => f.get(key);
  const rows = [];
  const add = (goal, figure, anchor, target, met) =>
    rows.push(`| ${goal} | ${figure} | ${anchor} | ${target} | ${met === undefined ? '—' : met ? 'yes' : '**no**'} |`);
  for (const format of ['png', 'jpeg']) {
    const odiff = get(`compare/${format}/odiff`);
    const reg = get(`compare/${format}/regCli`);
    for (const [name, label] of [
      ['seedsnapCompare', '`seedsnap compare`'],
      ['pool', 'compare stage of `run`'],
    ]) {
      const x = get(`compare/${format}/${name}`);
      if (!x || !odiff || !reg) continue;
      add(
        `1. ${label}, ${format.toUpperCase()} pairs`,
        `${rate(x.value)} (${(x.value / odiff.value).toFixed(2)}× odiff, ${(x.value / reg.value).toFixed(2)}× reg-cli)`,
        `odiff ${rate(odiff.value)}, reg-cli ${rate(reg.value)}`,
        '≥ 1.0× odiff, ≥ 3× reg-cli',
        x.value >= odiff.value && x.value >= 3 * reg.value,
      );
    }
    const written = get(`no-copies/${format}/written`);
    if (written) {
      const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
      add(
        `2. bytes written by \`seedsnap compare\`, ${format.toUpperCase()}`,
        mb(written.value),
        `both runs' images: ${mb(written.inputs)} (what copying them writes)`,
        '≤ 10% of before (issue: 31 of 34 MB were copies)',
        undefined,
      );
    }
  }
  const sizes = [...f.values()].filter((x) => x.goal === 'memory').sort((a, b) => a.value - b.value);
  const small = get('memory/rss-1000');
  const large = get('memory/rss-10000');
  if (small && large) {
    add(
      '3. peak RSS, 10,000-case run',
      `${large.value.toFixed(0)} MB (${(large.value / small.value).toFixed(2)}×)`,
      `1,000 cases: ${small.value.toFixed(0)} MB`,
      '≤ 1.3×',
      large.value <= 1.3 * small.value,
    );
  } else if (sizes.length > 0) {
    add('3. peak RSS', sizes.map((x) => `${x.name}: ${x.value.toFixed(0)} MB`).join(', '), '—', '≤ 1.3×', undefined);
  }
  const orphans = [...f.values()].find((x) => x.goal === 'orphans');
  if (orphans) {
    add(
      `4. orphan count, ${orphans.name.replace('count-', '')} baselines`,
      ms(orphans.value),
      `listing the names: ${ms(orphans.names)}`,
      '≤ 200 ms',
      orphans.value <= 200,
    );
  }
  for (const which of ['last', 'middle']) {
    const j = get(`report/jump-${which}`);
    if (j)
      add(
        `5. report: jump to the ${which} case by #id`,
        ms(j.value),
        `${j.cards} cards in the page`,
        '≤ 200 ms',
        j.value <= 200,
      );
  }
  const scroll = get('report/scroll-p95');
  if (scroll) {
    add(
      '5. report: scroll top to bottom, frame p95',
      ms(scroll.value),
      `at most ${scroll.most} cards in the page`,
      '≤ 50 ms',
      scroll.value <= 50,
    );
  }
  const filter = get('report/filter-worst');
  if (filter)
    add('5. report: search and filters, slowest', ms(filter.value), '10,000 cases', '≤ 100 ms', filter.value <= 100);
  const node = get('startup/node');
  for (const [name, label, limit] of [
    ['help', '`seedsnap --help`', 2],
    ['diff', '`seedsnap diff a.png b.png`', 2.5],
  ]) {
    const x = get(`startup/${name}`);
    if (x && node) {
      add(
        `6. ${label}`,
        `${ms(x.value)} (${x.ratio.toFixed(2)}×)`,
        `\`node -e 0\`: ${ms(node.value)}`,
        `≤ ${limit}×`,
        x.ratio <= limit,
      );
    }
  }
  if (rows.length === 0) return;
  console.log('\n## Issue 15 goals, from this run\n');
  console.log('| goal | figure | anchor (same run) | target | met |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const line of rows) console.log(line);
}
