import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bundleClient, jsonForScript, renderData, renderPage } from '../../src/report/html.js';
import { renderJunit, xmlEscape } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { formatSummary } from '../../src/report/terminal.js';
import type { CaseResult, RunResults } from '../../src/types/index.js';

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

  it('html: a small page without run data; the data file cannot close a script; only the page script may run', () => {
    const html = renderPage();
    const data = renderData(results);
    expect(html).not.toContain('fox');
    expect(html).toContain('<script src="report-data.js"></script>');
    expect(data).not.toContain('</script><script>alert(2)');
    expect(data).not.toContain('<img src=x');
    expect(jsonForScript({ p: '</script>' })).toBe('{"p":"\\u003c/script\\u003e"}');
    expect(JSON.parse(jsonForScript({ p: HOSTILE }))).toEqual({ p: HOSTILE });
    // The data file is a script that assigns exactly the results.
    const sandbox: { seedsnapReport?: unknown } = {};
    new Function('window', data)(sandbox);
    expect(sandbox.seedsnapReport).toEqual(results);
    const csp = html.match(/script-src 'self' 'sha256-([A-Za-z0-9+/=]+)'/);
    expect(csp?.[1]).toBe(createHash('sha256').update(bundleClient()).digest('base64'));
    expect(html).toContain(`<script>${bundleClient()}</script>`);
    expect(renderPage({ reviewToken: 'abc"><script>' })).toContain('<meta name="seedsnap-review" content="abcscript">');
  });

  it('html: the client modules bundle into one script, and a module importing a later one is refused', () => {
    // Parsing the bundle catches two modules declaring the same name or a syntax error.
    expect(() => new Function(bundleClient())).not.toThrow();
    const files: Record<string, string> = {
      'a.js': "import { b } from './b.js';\nexport const a = b;\n",
      'b.js': 'export const b = 1;\n',
    };
    expect(() => bundleClient(['a', 'b'], (name) => files[name] ?? '')).toThrow(/a\.js imports \.\/b\.js/);
    const ok = bundleClient(['b', 'a', 'app'], (name) =>
      name === 'app.js'
        ? "import { a } from './a.js';\nexport function start() { globalThis.out = a; }\n"
        : (files[name] ?? ''),
    );
    const scope: { out?: number } = {};
    new Function('globalThis', ok)(scope);
    expect(scope.out).toBe(1);
  });

  it('markdown and junit: every metric, review decisions, models and sweep convergence', () => {
    const [first, second, third] = results.cases;
    if (!first || !second || !third) throw new Error('fixture');
    const reviewed: RunResults = {
      ...results,
      cases: [
        { ...first, modelLabel: 'other' },
        {
          ...second,
          review: { decision: 'rejected', at: '2026-01-01T00:00:05.000Z', note: 'wrong fur' },
          images: [
            { index: 0, verdict: 'fail', metrics: { diffPixels: 500, diffRatio: 0.0019, ssim: 0.973124 } as never },
          ],
        },
        third,
      ],
      sweeps: [
        {
          id: 's/boat/sim-dev/seed=1',
          suite: 's',
          case: 'boat',
          model: 'sim-dev',
          modelLabel: 'sim-dev',
          seed: 1,
          axes: [{ param: 'steps', values: [4, 12, 28] }],
          tolerance: { threshold: 0.1, include_aa: false, max_diff_ratio: 0.01 },
          cells: [4, 12, 28].map((steps) => ({
            id: `s/boat/sim-dev/steps=${steps}/seed=1`,
            values: { steps },
            verdict: 'pass' as const,
            cost: steps * 100,
            reference: 's/boat/sim-dev/steps=28/seed=1',
            metrics: { diffPixels: steps === 4 ? 900 : 2, diffRatio: steps === 4 ? 0.2 : 0.002 },
            close: steps !== 4,
          })),
        },
      ],
    };
    const md = renderMarkdown(reviewed, { reportLink: 'index.html' });
    expect(md).toContain('| other | 0 | 1 |');
    expect(md).toContain('Reviewed: 0 approved, 1 rejected.');
    expect(md).toContain('❌ fail (rejected in review) | 500 px (0.190%), SSIM 0.9731 |');
    expect(md).toContain(
      '- `s/boat/sim-dev/seed=1`: steps=12 is within 1.00% of steps=28 (0.200% differ at 43% of the cost)',
    );
    const xml = renderJunit(reviewed);
    expect(xml).toContain('[500 px (0.190%) · ssim 0.9731]');
    expect(xml).toContain('review: rejected 2026-01-01T00:00:05.000Z — wrong fur');
    expect(xml).toContain('latency: 12 ms');
  });

  it('terminal summary: counts by verdict, outcome and the report path', () => {
    const text = formatSummary(results, { color: false, reportPath: 'reports/run-1/index.html' });
    expect(text).toContain('error 1 · fail 1 · pass 1');
    expect(text).toContain('3 cases, 2 images in 2.0 s — 2 failing');
    expect(text).toContain('report: reports/run-1/index.html');
  });
});
