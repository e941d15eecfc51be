/**
 * Terminal output: a live progress line on a TTY, plain log lines when the
 * output is a file or CI, and the one-screen summary at the end.
 */
import path from 'node:path';
import {
  type CaseResult,
  type RunListener,
  type RunPlan,
  type RunProgress,
  type RunResultsSource,
  type RunWait,
  VERDICTS,
} from '../types/index.js';
import { CLEAR_LINE_MARK, styleMark } from '../util/terminal-text.js';
import { caseReason } from './findings-text.js';
import { caseFigures, formatDuration } from './format.js';
import { UpdatesTally } from './updates.js';

export interface TerminalOptions {
  /** A stream behind the CLI's print boundary (cli/io.ts terminalStream), which makes the style marks real. */
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /** Live line (TTY) or log lines (CI, files). Default: TTY and not CI. */
  live?: boolean;
  color?: boolean;
  now?: () => number;
}

const COLORS: Record<string, string> = {
  pass: '32',
  fail: '31',
  new: '34',
  stale: '33',
  blocked: '35',
  error: '31;1',
  flaky: '33;1',
  dim: '2',
  bold: '1',
};

export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/**
 * `text` in one of seedsnap's styles. The result holds marks, not escape sequences: the CLI's streams
 * (cli/io.ts) strip every control character from what they print and only then make the marks real.
 */
export function paint(enabled: boolean, style: string, text: string): string {
  const code = COLORS[style];
  return enabled && code ? `${styleMark(code)}${text}${styleMark('0')}` : text;
}

/** Pauses longer than this are shown (on the live line, or as a log line). */
export const WAIT_SHOWN_MS = 2000;

export class TerminalProgress implements RunListener {
  private readonly stream: TerminalOptions['stream'];
  private readonly live: boolean;
  private readonly color: boolean;
  private readonly now: () => number;
  private started = 0;
  private total = 0;
  private lastDraw = 0;
  private nextLogAt = 0;
  private lastLogTime = 0;
  private lineShown = false;
  private progress: RunProgress = { done: 0, total: 0, failing: 0 };
  /** A long pause before a retry, shown on the live line until it is over. */
  private waiting: { until: number; text: string } | undefined;

  constructor(options: TerminalOptions) {
    this.stream = options.stream;
    this.live = options.live ?? (options.stream.isTTY === true && !process.env.CI);
    this.color = options.color ?? useColor(options.stream);
    this.now = options.now ?? (() => performance.now());
  }

  onRunStart(plan: RunPlan): void {
    this.started = this.now();
    this.total = plan.total;
    this.lastLogTime = this.started;
    this.nextLogAt = Math.max(1, Math.ceil(plan.total / 10));
    this.progress = { done: 0, total: plan.total, failing: 0 };
    this.print(
      `${paint(this.color, 'bold', 'seedsnap')} ${plan.suites.join(', ')}: ${plan.total} cases → ${path.relative(process.cwd(), plan.runDir) || '.'}`,
    );
  }

  onWarning(message: string): void {
    // A suite's warning comes as "file:line:col: warning CODE: …" and needs no second "warning".
    const located = /^[^\n]*?:\d+:\d+: warning /.test(message);
    this.print(located ? message : `${paint(this.color, 'stale', 'warning')} ${message}`);
  }

  /** A pause over 2 s is worth a word: without one a run waiting on Retry-After looks hung. */
  onWait(wait: RunWait): void {
    if (wait.ms <= WAIT_SHOWN_MS) return;
    const asked = wait.askedMs === undefined ? '' : `the server asked for ${formatDuration(wait.askedMs)}`;
    if (this.live) {
      const status = /\(HTTP \d+\)$/.exec(wait.reason)?.[0].slice(1, -1);
      const why = [status, asked].filter(Boolean).join('; ');
      this.waiting = {
        until: this.now() + wait.ms,
        text: `waiting ${formatDuration(wait.ms)} to retry ${wait.id}${why ? ` (${why})` : ''}`,
      };
      this.draw(this.progress, this.now() - this.started);
      return;
    }
    this.print(
      `waiting ${formatDuration(wait.ms)} before retrying ${wait.id}: ${wait.reason}${asked ? ` (${asked})` : ''}`,
    );
  }

  onCaseResult(result: CaseResult, progress: RunProgress): void {
    this.progress = progress;
    if (result.failing) {
      const figures = caseFigures(result);
      const why = caseReason(result);
      const reason = why ? ` — ${why}` : '';
      this.print(
        `${paint(this.color, result.verdict, `✗ ${result.verdict.padEnd(7)}`)} ${result.id}${figures ? ` (${figures})` : ''}${reason}`,
      );
    }
    const elapsed = this.now() - this.started;
    if (this.live) {
      if (progress.done === progress.total || this.now() - this.lastDraw > 80) this.draw(progress, elapsed);
      return;
    }
    if (progress.done >= this.nextLogAt || elapsed - (this.lastLogTime - this.started) > 15_000) {
      this.nextLogAt = progress.done + Math.max(1, Math.ceil(this.total / 10));
      this.lastLogTime = this.now();
      this.stream.write(`${this.status(progress, elapsed)}\n`);
    }
  }

  onRunEnd(): void {
    this.clearLine();
  }

  private status(progress: RunProgress, elapsed: number): string {
    const rate = elapsed > 0 ? (progress.done / elapsed) * 1000 : 0;
    const left = rate > 0 ? ((progress.total - progress.done) / rate) * 1000 : 0;
    const failing = progress.failing > 0 ? paint(this.color, 'fail', `${progress.failing} failing`) : '0 failing';
    const eta = progress.done < progress.total && rate > 0 ? ` · ~${formatDuration(left)} left` : '';
    const waiting = this.waiting && this.now() < this.waiting.until ? ` · ${this.waiting.text}` : '';
    return `[${progress.done}/${progress.total}] ${failing} · ${rate.toFixed(1)} cases/s${eta}${waiting}`;
  }

  private draw(progress: RunProgress, elapsed: number): void {
    this.lastDraw = this.now();
    this.stream.write(`${CLEAR_LINE_MARK}${this.status(progress, elapsed)}`);
    this.lineShown = true;
  }

  private clearLine(): void {
    if (this.lineShown) {
      this.stream.write(CLEAR_LINE_MARK);
      this.lineShown = false;
    }
  }

  private print(line: string): void {
    this.clearLine();
    this.stream.write(`${line}\n`);
  }
}

/** The one-screen summary: counts by verdict, what to do next, where the report is. */
export function formatSummary(results: RunResultsSource, options: { color: boolean; reportPath?: string }): string {
  const { summary } = results;
  const c = options.color;
  const notRun = summary.notRun ?? 0;
  const counts = [
    ...VERDICTS.filter((v) => summary.byVerdict[v] > 0).map((v) => paint(c, v, `${v} ${summary.byVerdict[v]}`)),
    ...(notRun > 0 ? [paint(c, 'dim', `did not run ${notRun}`)] : []),
  ].join(' · ');
  const lines = [''];
  lines.push(`  ${counts || 'no cases'}`);
  // One pass over the cases (a run's are read back from its journal one at a time).
  const updates = new UpdatesTally();
  let newUnwritten = 0;
  for (const x of results.cases) {
    updates.add(x);
    if (x.verdict === 'new' && x.failing) newUnwritten++;
  }
  const overwritten = updates.note();
  const outcome =
    summary.failing === 0
      ? `${paint(c, 'pass', 'all good')}${overwritten ? paint(c, 'stale', ` ${overwritten}`) : ''}`
      : paint(c, 'fail', `${summary.failing} failing`);
  lines.push(
    `  ${summary.total} cases, ${summary.images} images in ${formatDuration(results.durationMs)} — ${outcome}${results.status === 'interrupted' ? paint(c, 'stale', ' (interrupted)') : ''}${results.status === 'stopped' ? paint(c, 'stale', ' (stopped)') : ''}`,
  );
  if (notRun > 0) {
    const why = results.options.maxFailures ? ` after ${results.options.maxFailures} failing (--max-failures)` : '';
    lines.push(`  stopped${why}: ${notRun} case(s) did not run; run them with seedsnap run --last-failed`);
  }
  if (newUnwritten > 0)
    lines.push(`  ${newUnwritten} new case(s) have no baseline; run locally or with --update=new to write them`);
  if (summary.byVerdict.fail + summary.byVerdict.stale > 0 && summary.failing > 0) {
    lines.push(
      `  review the report; if the changes are intended: ${paint(c, 'bold', 'seedsnap approve')} (or run with -u)`,
    );
  }
  if (results.orphanBaselines) {
    lines.push(`  ${results.orphanBaselines} baseline(s) no case produces any more: seedsnap baselines prune`);
  }
  if (options.reportPath) lines.push(`  report: ${options.reportPath}`);
  // Last, like Jest's "N snapshots updated": what this run wrote to baselines/.
  for (const line of updates.lines()) lines.push(`  ${line}`);
  lines.push('');
  return lines.join('\n');
}
