import { describe, expect, it } from 'vitest';
import { renderGithubAnnotations } from '../../src/report/github.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { TerminalProgress } from '../../src/report/terminal.js';
import type { CaseResult, Change, RunResults } from '../../src/types/index.js';

// The views lead a failing case with its principal finding (what changed), then the gates' reason.
const WARMER: Change = { kind: 'colour', summary: 'warmer: red +8.0, blue −4.0 levels', r: 8, g: 0, b: -4 };
const REGION: Change = {
  kind: 'region',
  summary: 'a 40×40 region changed at (200, 120)',
  x: 200,
  y: 120,
  width: 40,
  height: 40,
  pixels: 1500,
};
const REASON = 'mean red moved +8.00 levels, more than max_colour_shift 2';

const failing: CaseResult = {
  id: 's/fox/sim-dev/seed=2',
  suite: 's',
  case: 'fox',
  model: 'sim-dev',
  modelLabel: 'sim-dev',
  seed: 2,
  provider: 'local',
  request: { model: 'sim-dev', prompt: 'a fox', seed: 2 },
  fingerprint: 'sha256:x',
  expect: 'image',
  verdict: 'fail',
  failing: true,
  reason: REASON,
  images: [
    {
      index: 0,
      verdict: 'fail',
      reason: REASON,
      metrics: { diffPixels: 0, diffRatio: 0, channelShift: { r: 8, g: 0, b: -4 } },
      findings: [WARMER, REGION],
    },
  ],
  attempts: 1,
  durationMs: 12,
};

const results: RunResults = {
  schemaVersion: 2,
  tool: { name: 'seedsnap', version: '0.0.0' },
  runId: 'run-1',
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:02.000Z',
  durationMs: 2000,
  status: 'complete',
  options: { ci: false, update: 'none' },
  suites: [{ name: 's', file: 's.yaml', provider: 'local', models: ['sim-dev'], cases: 1 }],
  summary: {
    total: 1,
    images: 1,
    failing: 1,
    updated: 0,
    byVerdict: { error: 0, fail: 1, stale: 0, flaky: 0, new: 0, blocked: 0, pass: 0 },
  },
  cases: [failing],
};

describe('views lead with the principal finding', () => {
  it('JUnit: the failure message starts with it; the detail lists every finding of the image', () => {
    const xml = renderJunit(results);
    expect(xml).toContain(`<failure message="warmer: red +8.0, blue −4.0 levels — fail: ${REASON}`);
    expect(xml).toContain(
      'changes: 1. colour: warmer: red +8.0, blue −4.0 levels; 2. region: a 40×40 region changed at (200, 120)',
    );
  });

  it('summary.md: the reason cell starts with it', () => {
    const row = renderMarkdown(results, {})
      .split('\n')
      .find((l) => l.includes('s/fox/sim-dev/seed=2'));
    expect(row).toMatch(
      /\| warmer: red \+8\.0, blue −4\.0 levels — mean red moved \+8\.00 levels, more than max_colour_shift 2 \|$/,
    );
  });

  it('the terminal: the failing-case line starts its reason with it', () => {
    const chunks: string[] = [];
    const stream = { isTTY: false, write: (c: string) => chunks.push(c) > 0 } as unknown as NodeJS.WritableStream;
    const progress = new TerminalProgress({ stream, live: false, color: false, now: () => 0 });
    progress.onRunStart({ runId: 'r', runDir: process.cwd(), total: 1, suites: ['s'] });
    progress.onCaseResult(failing, { done: 1, total: 1, failing: 1 });
    const line = chunks
      .join('')
      .split('\n')
      .find((l) => l.includes('s/fox/sim-dev/seed=2'));
    expect(line).toMatch(/ — warmer: red \+8\.0, blue −4\.0 levels — mean red moved/);
  });

  it('GitHub annotations: the case line says what changed before the gates', () => {
    const text = renderGithubAnnotations(results, { workspace: process.cwd(), env: {} });
    expect(text).toContain('fail: s/fox/sim-dev/seed=2 — warmer: red +8.0, blue −4.0 levels — mean red moved');
  });

  it('a case without findings (results from before them, an error) reads as before', () => {
    const old = { ...failing, images: [{ ...failing.images[0], findings: undefined }] } as CaseResult;
    const xml = renderJunit({ ...results, cases: [old] });
    expect(xml).toContain(`<failure message="fail: ${REASON}`);
  });
});
