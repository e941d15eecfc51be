import path from 'node:path';
import type { Command } from 'commander';
import type { BaselineEntry } from '../../baselines/inventory.js';
import { DEFAULT_MAX_CASES } from '../../suite/max-cases.js';
import { terminalJson } from '../../util/terminal-text.js';
import { thousands } from '../../util/thousands.js';
import type { CliIo } from '../io.js';
import { CONFIG_HELP, parsePositiveInt } from '../options.js';

const MAX_CASES_HELP = `refuse suites that would expand to more cases than this (default ${thousands(DEFAULT_MAX_CASES)})`;

type ListFlags = { orphans?: boolean; json?: boolean; baselines?: string; config?: string; maxCases?: string };
type PruneFlags = { yes?: boolean; baselines?: string; config?: string; maxCases?: string };

function maxCasesOf(flags: { maxCases?: string }): { maxCases?: number } {
  return flags.maxCases ? { maxCases: parsePositiveInt(flags.maxCases, '--max-cases') } : {};
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

export function age(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '?';
  const ms = now - Date.parse(iso);
  const days = ms / 86_400_000;
  if (days >= 1) return `${Math.floor(days)} d`;
  const hours = ms / 3_600_000;
  return hours >= 1 ? `${Math.floor(hours)} h` : `${Math.max(0, Math.floor(ms / 60_000))} min`;
}

function line(entry: BaselineEntry): string {
  const variant = entry.variant ? ` @${entry.variant}` : '';
  return `${entry.status.padEnd(7)} ${entry.key}${variant}  ${size(entry.bytes)}  ${age(entry.approvedAt)}`;
}

/** Files under baselines/ that are not sidecars, on stderr: one line each, then how many. */
function skippedReporter(io: CliIo): { add: (message: string) => void; done: () => void } {
  let count = 0;
  return {
    add(message) {
      count++;
      io.stderr.write(`warning: ${message}\n`);
    },
    done() {
      if (count > 0) io.stderr.write(`${count} file(s) under baselines/ skipped: they are not baseline sidecars\n`);
    },
  };
}

export function registerBaselines(program: Command, io: CliIo): void {
  const baselines = program
    .command('baselines')
    .description('list baselines, find and prune the ones no suite produces');
  baselines
    .command('list')
    .description('every baseline with its case, size, age and whether a suite still produces it')
    .argument('[suites...]', "suites that decide which baselines are used (default: the project's suites)")
    .option('--orphans', 'only baselines no loaded suite produces')
    .option('--json', 'print JSON')
    .option('--baselines <dir>', "baselines folder (default: the config's, or baselines/ in the project root)")
    .option('--config <file>', CONFIG_HELP)
    .option('--max-cases <n>', MAX_CASES_HELP)
    .action(async (suiteArgs: string[], flags: ListFlags) => {
      const [{ inventory }, { openProject }, { suitesToRun }] = await Promise.all([
        import('../../baselines/housekeeping.js'),
        import('../project.js'),
        import('../suites.js'),
      ]);
      const project = await openProject({ config: flags.config, suites: suiteArgs });
      const suites = await suitesToRun(suiteArgs, project);
      const baselinesDir = flags.baselines ?? project.baselinesDir;
      const warn = skippedReporter(io);
      const entries = (await inventory({ suites, baselinesDir, onWarning: warn.add, ...maxCasesOf(flags) })).filter(
        (e) => !flags.orphans || e.status === 'orphan',
      );
      warn.done();
      if (flags.json) {
        io.stdout.write(`${terminalJson(entries)}\n`);
        return;
      }
      for (const entry of entries) io.stdout.write(`${line(entry)}\n`);
      const orphans = entries.filter((e) => e.status === 'orphan').length;
      const unknown = entries.filter((e) => e.status === 'unknown').length;
      io.stdout.write(
        `${entries.length} baseline(s)${orphans ? `, ${orphans} orphaned (seedsnap baselines prune)` : ''}${unknown ? `, ${unknown} of suites not loaded` : ''}\n`,
      );
    });
  baselines
    .command('prune')
    .description('delete baselines no loaded suite produces (a dry run unless --yes)')
    .argument('[suites...]', "suites that decide which baselines are used (default: the project's suites)")
    .option('--yes', 'really delete them')
    .option('--baselines <dir>', "baselines folder (default: the config's, or baselines/ in the project root)")
    .option('--config <file>', CONFIG_HELP)
    .option('--max-cases <n>', MAX_CASES_HELP)
    .action(async (suiteArgs: string[], flags: PruneFlags) => {
      const [{ prune }, { openProject }, { suitesToRun }] = await Promise.all([
        import('../../baselines/housekeeping.js'),
        import('../project.js'),
        import('../suites.js'),
      ]);
      const project = await openProject({ config: flags.config, suites: suiteArgs });
      const suites = await suitesToRun(suiteArgs, project);
      const baselinesDir = flags.baselines ?? project.baselinesDir;
      const warn = skippedReporter(io);
      const entries = await prune({
        suites,
        baselinesDir,
        apply: flags.yes === true,
        onWarning: warn.add,
        ...maxCasesOf(flags),
      });
      warn.done();
      const verb = flags.yes ? 'removed' : 'would remove';
      for (const entry of entries)
        io.stdout.write(`${verb} ${entry.key} (${path.relative(process.cwd(), entry.sidecarPath)})\n`);
      io.stdout.write(
        entries.length === 0
          ? 'no orphaned baselines\n'
          : flags.yes
            ? `${entries.length} orphaned baseline(s) removed\n`
            : `${entries.length} orphaned baseline(s); run again with --yes to delete them\n`,
      );
    });
}
