import { describe, expect, it } from 'vitest';
import { renderGithubAnnotations } from '../../src/report/github.js';
import type { CaseResult, RunResults } from '../../src/types/index.js';

function caseResult(id: string, patch: Partial<CaseResult>): CaseResult {
  const [suite = 's', name = 'c'] = id.split('/');
  return {
    id,
    suite,
    case: name,
    model: 'm',
    modelLabel: 'm',
    seed: 1,
    provider: 'local',
    request: { model: 'm', prompt: 'p', seed: 1 },
    fingerprint: 'f',
    expect: 'image',
    verdict: 'error',
    failing: true,
    images: [],
    attempts: 1,
    durationMs: 1,
    ...patch,
  };
}

function run(cases: CaseResult[]): RunResults {
  return { cases, notRun: [] } as unknown as RunResults;
}

describe('github annotations', () => {
  it('cannot be broken out of: one line each, escaped, no control characters', () => {
    const text = renderGithubAnnotations(
      run([
        caseResult('s/evil/m/seed=1', {
          reason: 'refused\n::error::forged\r\x1b[31m 100% red\u2028',
          location: { file: 'suites/a:b,c.yaml', line: 7, col: 5 },
        }),
      ]),
      { workspace: process.cwd() },
    );
    const lines = text.trimEnd().split('\n');
    expect(lines).toEqual([
      '::error file=suites/a%3Ab%2Cc.yaml,line=7,col=5,title=seedsnap error%3A s/evil/m/seed=1::error: s/evil/m/seed=1 — refused%0A::error::forged\uFFFD\uFFFD[31m 100%25 red\uFFFD',
    ]);
  });

  it('puts the cases of one suite line in one annotation, worst first, and none for passing cases', () => {
    const at = { file: 'suites/x.yaml', line: 3, col: 5 };
    const text = renderGithubAnnotations(
      run([
        caseResult('x/a/m/seed=1', { verdict: 'new', reason: 'no baseline yet', location: at }),
        caseResult('x/a/m/seed=2', { verdict: 'error', reason: 'HTTP 500', location: at }),
        caseResult('x/b/m/seed=1', { verdict: 'pass', failing: false, location: { ...at, line: 9 } }),
        caseResult('x/c/m/seed=1', { verdict: 'stale', reason: 'steps: 4 → 8' }),
      ]),
      { workspace: process.cwd() },
    );
    expect(text).toBe(
      [
        '::error file=suites/x.yaml,line=3,col=5,title=seedsnap%3A 2 cases of x/a failing::error: x/a/m/seed=2 — HTTP 500%0Anew: x/a/m/seed=1 — no baseline yet',
        '::error title=seedsnap stale%3A x/c/m/seed=1::stale: x/c/m/seed=1 — steps: 4 → 8',
        '',
      ].join('\n'),
    );
    expect(renderGithubAnnotations(run([]))).toBe('');
  });
});
