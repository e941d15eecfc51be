import path from 'node:path';
import type { Command } from 'commander';
import { paint, useColor } from '../../report/terminal.js';
import { UsageError } from '../../types/errors.js';
import type { IgnoreRegion, TolerancePatch } from '../../types/index.js';
import { terminalJson } from '../../util/terminal-text.js';
import type { CliIo } from '../io.js';

interface DiffFlags {
  out?: string;
  json?: boolean;
  threshold?: string;
  includeAa?: boolean;
  maxDiffPixels?: string;
  maxDiffRatio?: string;
  minSsim?: string;
  minPsnr?: string;
  maxMeanAbs?: string;
  maxColourShift?: string;
  maxLocalColourShift?: string;
  maxShiftPx?: string;
  minEdgeRatio?: string;
  maxGmsd?: string;
  ignore: IgnoreRegion[];
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} must be a number, got "${value}"`);
  return n;
}

function parseRegion(value: string, previous: IgnoreRegion[]): IgnoreRegion[] {
  const parts = value.split(',').map((p) => Number(p.trim()));
  const [x, y, width, height] = parts;
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p)) || x === undefined || y === undefined) {
    throw new UsageError(
      `--ignore takes x,y,width,height in whole pixels, got "${value}"`,
      'e.g. --ignore 0,480,200,32',
    );
  }
  return [...previous, { x, y, width: width ?? 0, height: height ?? 0 }];
}

function tolerancePatch(flags: DiffFlags): TolerancePatch {
  const entries: [keyof TolerancePatch, number | boolean | undefined][] = [
    ['threshold', number(flags.threshold, '--threshold')],
    ['include_aa', flags.includeAa],
    ['max_diff_pixels', number(flags.maxDiffPixels, '--max-diff-pixels')],
    ['max_diff_ratio', number(flags.maxDiffRatio, '--max-diff-ratio')],
    ['min_ssim', number(flags.minSsim, '--min-ssim')],
    ['min_psnr', number(flags.minPsnr, '--min-psnr')],
    ['max_mean_abs', number(flags.maxMeanAbs, '--max-mean-abs')],
    ['max_colour_shift', number(flags.maxColourShift, '--max-colour-shift')],
    ['max_local_colour_shift', number(flags.maxLocalColourShift, '--max-local-colour-shift')],
    ['max_shift_px', number(flags.maxShiftPx, '--max-shift-px')],
    ['min_edge_ratio', number(flags.minEdgeRatio, '--min-edge-ratio')],
    ['max_gmsd', number(flags.maxGmsd, '--max-gmsd')],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as TolerancePatch;
}

export function registerDiff(program: Command, io: CliIo): void {
  program
    .command('diff')
    .description('compare two image files (PNG or JPEG): every metric, and the verdict under the default tolerance')
    .argument('<expected>', 'the reference image')
    .argument('<actual>', 'the image to judge')
    .option('--out <file>', 'write the diff image (PNG) here')
    .option('--json', 'print { verdict, metrics, changes } (and the rest of the comparison) as JSON')
    .option('--threshold <n>', 'pixelmatch colour threshold, 0..1')
    .option('--include-aa', 'count anti-aliased pixels as differences')
    .option('--max-diff-pixels <n>', 'gate: differing pixels allowed')
    .option('--max-diff-ratio <n>', 'gate: share of pixels allowed to differ, 0..1')
    .option('--min-ssim <n>', 'gate: lowest SSIM allowed')
    .option('--min-psnr <n>', 'gate: lowest PSNR allowed, dB')
    .option('--max-mean-abs <n>', 'gate: highest mean absolute difference, levels')
    .option('--max-colour-shift <n>', 'gate: largest move of the mean of R, G or B, levels')
    .option('--max-local-colour-shift <n>', "gate: largest move of a 16×16 block's mean colour beyond the picture's")
    .option('--max-shift-px <n>', 'gate: largest translation of the whole picture, pixels')
    .option('--min-edge-ratio <n>', "gate: lowest edge energy, as a share of the baseline's")
    .option('--max-gmsd <n>', 'gate: highest GMSD (structure)')
    .option('--ignore <x,y,w,h>', 'leave a rectangle out of every metric (repeatable)', parseRegion, [])
    .addHelpText(
      'after',
      '\nGiving any gate replaces all the default gates, as in a suite. Exit codes: 0 match, 1 differ, 2 bad input.',
    )
    .action(async (expected: string, actual: string, flags: DiffFlags) => {
      const [{ diffImageFiles }, { findingLines, leadWithFinding }, { describeTolerance, metricRows }] =
        await Promise.all([
          import('../../compare/diff-files.js'),
          import('../../report/findings-text.js'),
          import('../../report/metrics-text.js'),
        ]);
      const outcome = await diffImageFiles({
        expected,
        actual,
        tolerance: tolerancePatch(flags),
        ...(flags.ignore.length > 0 ? { ignore: flags.ignore } : {}),
        ...(flags.out ? { out: flags.out } : {}),
      });
      const { comparison, tolerance } = outcome;
      io.setExitCode(comparison.match ? 0 : 1);
      if (flags.json) {
        // The figures and gate outcomes exactly as a run records them in results.json; what changed, first.
        const { diff: _diff, findings, metrics, ...rest } = comparison;
        const verdict = comparison.match ? 'pass' : 'fail';
        const json = { verdict, metrics, changes: findings ?? [], ...rest, files: outcome.files, wrote: outcome.wrote };
        io.stdout.write(`${terminalJson(json)}\n`);
        return;
      }
      const color = useColor(io.stdout, io.env);
      for (const [role, file] of [
        ['expected', outcome.files[0]],
        ['actual', outcome.files[1]],
      ] as const) {
        io.stdout.write(`${role.padEnd(9)} ${file.path}  ${file.width}×${file.height} ${file.format}\n`);
      }
      io.stdout.write('\n');
      for (const row of metricRows(comparison.metrics, comparison.gates)) {
        const gate = row.gate
          ? `  ${row.gate.text} ${paint(color, row.gate.holds ? 'pass' : 'fail', row.gate.holds ? 'ok' : 'FAILS')}`
          : '';
        const line = `  ${row.label.padEnd(20)}${row.value.padEnd(26)}${gate}`;
        io.stdout.write(`${line.trimEnd()}\n`);
      }
      const origin = outcome.defaultGates ? 'default tolerance' : 'tolerance';
      io.stdout.write(`\n${origin}: ${describeTolerance(tolerance)}\n`);
      const findings = comparison.findings ?? [];
      if (findings.length > 0)
        io.stdout.write(
          `\nchanges:\n${findingLines(findings)
            .map((l) => `  ${l}\n`)
            .join('')}\n`,
        );
      const reason = leadWithFinding(comparison.reason ?? 'the images differ', findings);
      io.stdout.write(
        comparison.match
          ? `${paint(color, 'pass', 'match')}${comparison.identical ? ' (identical bytes)' : ''}\n`
          : `${paint(color, 'fail', 'differ')}: ${reason}\n`,
      );
      if (outcome.wrote) io.stdout.write(`wrote ${path.relative(process.cwd(), outcome.wrote) || outcome.wrote}\n`);
      else if (flags.out) io.stdout.write('no diff image: the sizes differ\n');
    });
}
