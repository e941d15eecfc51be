/**
 * Runs a GitHub Actions workflow on this machine the way a runner would, as far as a recipe for
 * seedsnap needs: matrix jobs, `needs`, `if:` with the status functions, `continue-on-error`,
 * `shell: bash` (pipefail), `$GITHUB_OUTPUT` and `$GITHUB_STEP_SUMMARY`, and upload/download of
 * artifacts between jobs. Each job run gets a fresh folder from `prepare` (what checkout,
 * setup-node and `npm ci` would leave). Anything it does not know — an action, an expression —
 * throws, so a recipe can only be changed into something this test still understands.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface WorkflowStep {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
  if?: string;
  'continue-on-error'?: boolean;
}

export interface WorkflowJob {
  needs?: string | string[];
  if?: string;
  strategy?: { 'fail-fast'?: boolean; matrix?: Record<string, unknown[]> };
  steps: WorkflowStep[];
}

export interface Workflow {
  jobs: Record<string, WorkflowJob>;
}

type Result = 'success' | 'failure' | 'skipped' | 'cancelled';

export interface StepRecord {
  name: string;
  outcome: Result;
  conclusion: Result;
  log: string;
}

export interface JobRun {
  job: string;
  matrix: Record<string, unknown>;
  result: Result;
  steps: StepRecord[];
}

export interface WorkflowOutcome {
  result: Result;
  jobs: Record<string, Result>;
  runs: JobRun[];
  /** Every job's $GITHUB_STEP_SUMMARY, in order. */
  summary: string;
  artifacts: string[];
}

export interface SimulateOptions {
  workflow: Workflow;
  /** Scratch folder for runners and artifacts. */
  dir: string;
  /** Fill a fresh runner folder for a job run. */
  prepare(runner: string, run: { job: string; matrix: Record<string, unknown> }): Promise<void>;
  /** `run:` commands that need the network (npm ci): done by `prepare`, so they are skipped here. */
  preparedCommands?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

const KNOWN_NOOP_ACTIONS = ['actions/checkout@', 'actions/setup-node@'];

function expand(text: string, scope: Record<string, unknown>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => String(lookup(expr, scope)));
}

function lookup(expr: string, scope: Record<string, unknown>): unknown {
  if (!/^[A-Za-z_][\w-]*(\.[\w-]+)+$/.test(expr)) throw new Error(`workflow: unsupported expression "${expr}"`);
  const [root, ...rest] = expr.split('.');
  if (root === 'secrets') return '';
  if (!root || !(root in scope)) throw new Error(`workflow: unknown context "${root}" in "${expr}"`);
  let value: unknown = scope[root];
  for (const key of rest) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : '';
  return value ?? '';
}

/** `if:` as GitHub reads it: without a status function, `success() &&` is implied. */
function condition(raw: string | undefined, status: Result, scope: Record<string, unknown>): boolean {
  const expr = (raw ?? 'success()').replace(/^\$\{\{\s*|\s*\}\}$/g, '').trim();
  const term = (t: string): boolean => {
    const s = t.trim();
    if (s === 'always()') return true;
    if (s === 'success()') return status === 'success';
    if (s === 'failure()') return status === 'failure';
    if (s === 'cancelled()') return status === 'cancelled';
    if (s.startsWith('!')) return !term(s.slice(1));
    const cmp = /^([\w.-]+)\s*(==|!=)\s*'([^']*)'$/.exec(s);
    if (cmp?.[1] && cmp[2] && cmp[3] !== undefined) {
      const equal = String(lookup(cmp[1], scope)) === cmp[3];
      return cmp[2] === '==' ? equal : !equal;
    }
    throw new Error(`workflow: unsupported condition "${s}"`);
  };
  const terms = expr.split('&&');
  const value = terms.every(term);
  return /\b(always|success|failure|cancelled)\(\)/.test(expr) ? value : value && status === 'success';
}

function exec(
  argv: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number | null; log: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] ?? 'bash', argv.slice(1), { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (c: Buffer) => {
      log += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      log += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, log }));
  });
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

function matrixRuns(job: WorkflowJob): Record<string, unknown>[] {
  const matrix = job.strategy?.matrix;
  if (!matrix) return [{}];
  let runs: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(matrix)) {
    if (!Array.isArray(values)) throw new Error(`workflow: matrix.${key} must be a list here`);
    runs = runs.flatMap((r) => values.map((v) => ({ ...r, [key]: v })));
  }
  return runs;
}

export async function simulateWorkflow(options: SimulateOptions): Promise<WorkflowOutcome> {
  const artifactsDir = path.join(options.dir, 'artifacts');
  await mkdir(artifactsDir, { recursive: true });
  const results: Record<string, Result> = {};
  const runs: JobRun[] = [];
  let summary = '';
  let counter = 0;
  const pending = Object.entries(options.workflow.jobs);
  while (pending.length > 0) {
    const at = pending.findIndex(([, job]) => [job.needs ?? []].flat().every((n) => n in results));
    if (at === -1) throw new Error('workflow: a job needs a job that does not exist');
    const [name, job] = pending.splice(at, 1)[0] as [string, WorkflowJob];
    const needs = [job.needs ?? []].flat();
    const needed: Result = needs.some((n) => results[n] === 'failure')
      ? 'failure'
      : needs.some((n) => results[n] === 'cancelled')
        ? 'cancelled'
        : 'success';
    const needsScope = Object.fromEntries(needs.map((n) => [n, { result: results[n] }]));
    if (!condition(job.if, needed, { needs: needsScope })) {
      results[name] = 'skipped';
      continue;
    }
    let jobResult: Result = 'success';
    for (const matrix of matrixRuns(job)) {
      if (jobResult === 'failure' && job.strategy?.['fail-fast'] !== false) {
        runs.push({ job: name, matrix, result: 'cancelled', steps: [] });
        continue;
      }
      const runner = path.join(options.dir, `runner-${++counter}`);
      await mkdir(runner, { recursive: true });
      await options.prepare(runner, { job: name, matrix });
      const run = await runJob({ ...options, job, runner, matrix, artifactsDir, needsScope });
      runs.push({ job: name, matrix, result: run.result, steps: run.steps });
      summary += run.summary;
      if (run.result === 'failure') jobResult = 'failure';
    }
    results[name] = jobResult;
  }
  const failed = Object.values(results).some((r) => r === 'failure');
  return {
    result: failed ? 'failure' : 'success',
    jobs: results,
    runs,
    summary,
    artifacts: (await readdir(artifactsDir)).sort(),
  };
}

async function runJob(
  options: SimulateOptions & {
    job: WorkflowJob;
    runner: string;
    matrix: Record<string, unknown>;
    artifactsDir: string;
    needsScope: Record<string, unknown>;
  },
): Promise<{ result: Result; steps: StepRecord[]; summary: string }> {
  const steps: StepRecord[] = [];
  const stepScope: Record<string, { outcome: Result; conclusion: Result; outputs: Record<string, string> }> = {};
  let status: Result = 'success';
  let summary = '';
  for (const [i, step] of options.job.steps.entries()) {
    const scope = { matrix: options.matrix, steps: stepScope, needs: options.needsScope };
    const name = expand(step.name ?? step.run ?? step.uses ?? `step ${i}`, scope);
    if (!condition(step.if, status, scope)) {
      steps.push({ name, outcome: 'skipped', conclusion: 'skipped', log: '' });
      continue;
    }
    const files = {
      output: path.join(options.runner, `.output-${i}`),
      summary: path.join(options.runner, `.summary-${i}`),
    };
    await writeFile(files.output, '');
    await writeFile(files.summary, '');
    let ok = true;
    let log = '';
    const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(String(v), scope)]));
    if (step.run !== undefined) {
      const script = expand(step.run, scope);
      if (!options.preparedCommands?.includes(script.trim())) {
        if (step.shell !== undefined && step.shell !== 'bash') throw new Error(`workflow: shell ${step.shell}`);
        // GitHub's shells: the default is `bash -e {0}`; `shell: bash` adds pipefail.
        const argv =
          step.shell === 'bash'
            ? ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c', script]
            : ['bash', '-e', '-c', script];
        const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v), scope)]));
        const out = await exec(argv, {
          cwd: options.runner,
          env: { ...options.env, ...env, GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary },
        });
        ok = out.code === 0;
        log = out.log;
      }
    } else if (step.uses?.startsWith('actions/upload-artifact@')) {
      const source = path.join(options.runner, inputs.path ?? '');
      if (await exists(source))
        await cp(source, path.join(options.artifactsDir, inputs.name ?? 'artifact'), { recursive: true });
      else if (inputs['if-no-files-found'] === 'error') ok = false;
      else log = `warning: no files found at ${inputs.path}; no artifact uploaded`;
    } else if (step.uses?.startsWith('actions/download-artifact@')) {
      const pattern = new RegExp(
        `^${(inputs.pattern ?? inputs.name ?? '*')
          .split('*')
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
      );
      for (const artifact of await readdir(options.artifactsDir)) {
        if (!pattern.test(artifact)) continue;
        // v4 with a pattern: each artifact in its own folder under `path`, named after the artifact.
        const target = inputs.name
          ? path.join(options.runner, inputs.path ?? '.')
          : path.join(options.runner, inputs.path ?? '.', artifact);
        await cp(path.join(options.artifactsDir, artifact), target, { recursive: true });
      }
    } else if (!KNOWN_NOOP_ACTIONS.some((a) => step.uses?.startsWith(a))) {
      throw new Error(`workflow: unknown action ${step.uses}`);
    }
    const outcome: Result = ok ? 'success' : 'failure';
    const conclusion: Result = ok || step['continue-on-error'] ? 'success' : 'failure';
    const outputs = Object.fromEntries(
      (await readFile(files.output, 'utf8'))
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    if (step.id) stepScope[step.id] = { outcome, conclusion, outputs };
    summary += await readFile(files.summary, 'utf8');
    steps.push({ name, outcome, conclusion, log });
    if (conclusion === 'failure') status = 'failure';
  }
  return { result: status, steps, summary };
}
