import { describe, expect, it } from 'vitest';
import { jsonForScript, renderHtml } from '../../src/report/html.js';
import { renderJunit, xmlEscape } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { formatSummary } from '../../src/report/terminal.js';
import type { CaseResult, RunResults } from '../../src/types.js';

const HOSTILE = '<img src=x onerror=alert(1)> </script><script>alert(2)</script> & "quotes" | pipes';

function caseResult(overrides: Partial<CaseResult>): CaseResult {
  return {
    id: 's/fox/sim-dev/seed=1',
    suite: 's',
    case: 'fox',
    model: 'sim-dev',
    modelLabel: 'sim-dev',
    seed: 1,
    provider: 'local',
    request: { model: 'sim-dev', prompt: HOSTILE, seed: 1 },
    fingerprint: 'sha256:x',
    expect: 'image',
    verdict: 'pass',
    failing: false,
    images: [],
    attempts: 1,
    durationMs: 12,
    ...overrides,
  };
}

const results: RunResults = {
  schemaVersion: 1,
  tool: { name: 'seedsnap', version: '0.0.0' },
  runId: 'run-1',
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:02.000Z',
  durationMs: 2000,
  status: 'complete',
  options: { ci: false, update: 'none' },
  suites: [{ name: 's', file: 's.yaml', provider: 'local', models: ['sim-dev'], cases: 3 }],
  summary: {
    total: 3,
    images: 2,
    failing: 2,
    updated: 0,
    byVerdict: { error: 1, fail: 1, stale: 0, flaky: 0, new: 0, blocked: 0, pass: 1 },
  },
  cases: [
    caseResult({}),
    caseResult({
      id: 's/fox/sim-dev/seed=2',
      seed: 2,
      verdict: 'fail',
      failing: true,
      reason: '500 pixels differ (0.19%), more than max_diff_ratio 0.100%',
      images: [
        {
          index: 0,
          verdict: 'fail',
          diff: 'diff/s/fox/sim-dev/seed=2.png',
          metrics: { diffPixels: 500, diffRatio: 0.0019 },
        },
      ],
    }),
    caseResult({ id: 's/fox/sim-dev/seed=3', seed: 3, verdict: 'error', failing: true, reason: 'HTTP 500 <html>' }),
  ],
};

describe('reports', () => {
  it('junit: one testcase per case, failures with figures, everything escaped', () => {
    const xml = renderJunit(results);
    expect(xml).toContain('<testsuites name="seedsnap" tests="3" failures="1" errors="1"');
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toContain(
      '<failure message="fail: 500 pixels differ (0.19%), more than max_diff_ratio 0.100% [500 px (0.190%)]" type="fail">',
    );
    expect(xml).toContain('<error message="error: HTTP 500 &lt;html&gt;" type="error">');
    expect(xml).not.toContain('<img');
    expect(xmlEscape('a\u0000b<')).toBe('ab&lt;');
  });

  it('markdown: counts, failing cases worst first, table-safe text', () => {
    const md = renderMarkdown(results, { reportLink: 'index.html' });
    expect(md).toContain('❌ 2 of 3 cases failing');
    expect(md).toContain('| ❌ fail | 1 |');
    const rows = md.split('\n').filter((l) => l.startsWith('| [s/fox'));
    expect(rows[0]).toContain('💥 error');
    expect(rows[1]).toContain('500 px (0.190%)');
    expect(md).not.toContain('<html>');
  });

  it('html: data cannot close its script element, and only the page script may run', () => {
    const html = renderHtml(results);
    expect(html).not.toContain('</script><script>alert(2)');
    expect(html).not.toContain('<img src=x');
    expect(jsonForScript({ p: '</script>' })).toBe('{"p":"\\u003c/script\\u003e"}');
    expect(JSON.parse(jsonForScript({ p: HOSTILE }))).toEqual({ p: HOSTILE });
    expect(html).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
  });

  it('terminal summary: counts by verdict, outcome and the report path', () => {
    const text = formatSummary(results, { color: false, reportPath: 'reports/run-1/index.html' });
    expect(text).toContain('error 1 · fail 1 · pass 1');
    expect(text).toContain('3 cases, 2 images in 2.0 s — 2 failing');
    expect(text).toContain('report: reports/run-1/index.html');
  });
});
