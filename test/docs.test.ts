import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './helpers/cli.js';

interface Step {
  run?: string;
  uses?: string;
}
interface Workflow {
  jobs: Record<string, { strategy?: { matrix?: { shard?: number[] } }; steps: Step[]; needs?: string }>;
}

describe('docs/ci/github-actions.yml', () => {
  it('runs a matrix of shards, uploads each run folder, and merges them into one report and step summary', () => {
    const workflow = parse(readFileSync(path.join(ROOT, 'docs/ci/github-actions.yml'), 'utf8')) as Workflow;
    const shard = workflow.jobs.shard;
    const report = workflow.jobs.report;
    const shards = shard?.strategy?.matrix?.shard ?? [];
    expect(shards.length).toBeGreaterThan(1);
    const runStep = shard?.steps.find((s) => s.run?.includes('seedsnap run'));
    expect(runStep?.run).toContain(`--shard \${{ matrix.shard }}/${shards.length}`);
    expect(runStep?.run).toContain('--ci');
    expect(shard?.steps.some((s) => s.uses?.startsWith('actions/upload-artifact'))).toBe(true);
    expect(report?.needs).toBe('shard');
    expect(report?.steps.some((s) => s.run?.includes('seedsnap merge'))).toBe(true);
    expect(report?.steps.some((s) => s.run?.includes('$GITHUB_STEP_SUMMARY'))).toBe(true);
  });
});
