/**
 * summary.md is pasted into CI step summaries and PR comments: a server message,
 * a case id or a model name must stay text inside its own table cell. Checked by
 * rendering with a CommonMark parser (markdown-it, GFM tables, raw HTML and
 * autolinks on, as GitHub renders them) and reading the token stream.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { renderComparisonMarkdown } from '../../src/report/comparison-markdown.js';
import { markdownCell } from '../../src/report/format.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import type { RunComparison } from '../../src/types/comparison.js';
import type { CaseResult, RunResults } from '../../src/types/index.js';
import { runCli } from '../helpers/cli.js';
import { sendJson, startServer } from '../helpers/http.js';
import { tempDir } from '../helpers/tmp.js';

const MESSAGE = [
  'bad | injected | cells |',
  '',
  '## Owned heading\r\n# Another',
  '![pixel](http://evil.invalid/p.png) [click](http://evil.invalid/) [ref]: http://evil.invalid/',
  '<http://evil.invalid/> www.evil.invalid https://evil.invalid/x mail@evil.invalid',
  '<img src=x onerror=alert(1)> <script>alert(1)</script> <!-- hidden -->',
  '`code` **bold** _it_ ~~strike~~ $x^2$ &lt;&#x41; \\| \\\\| \x1b]8;;http://evil.invalid/\x1b\\osc\x1b]8;;\x1b\\ end',
].join('\n');

const md = new MarkdownIt({ html: true, linkify: true });

interface Rendered {
  headings: string[];
  links: string[];
  images: number;
  html: number;
  /** Every table row as the text of its cells. */
  rows: string[][];
}

function render(markdown: string): Rendered {
  const out: Rendered = { headings: [], links: [], images: 0, html: 0, rows: [] };
  const tokens = md.parse(markdown, {});
  let row: string[] | undefined;
  tokens.forEach((token, i) => {
    if (token.type === 'heading_open') out.headings.push(tokens[i + 1]?.content ?? '');
    if (token.type === 'html_block') out.html++;
    if (token.type === 'tr_open') row = [];
    if (token.type === 'tr_close' && row) out.rows.push(row);
    const children = token.children ?? [];
    for (const child of children) {
      if (child.type === 'link_open') out.links.push(String(child.attrGet('href') ?? ''));
      if (child.type === 'image') out.images++;
      if (child.type === 'html_inline') out.html++;
    }
    if (token.type === 'inline' && row && (tokens[i - 1]?.type === 'td_open' || tokens[i - 1]?.type === 'th_open')) {
      row.push(children.map((c) => c.content).join(''));
    }
  });
  return out;
}

function caseResult(overrides: Partial<CaseResult>): CaseResult {
  return {
    id: 's/fox/sim-dev/seed=1',
    suite: 's',
    case: 'fox',
    model: 'sim-dev',
    modelLabel: 'sim-dev',
    seed: 1,
    provider: 'local',
    request: { model: 'sim-dev', prompt: 'a fox', seed: 1 },
    fingerprint: 'sha256:x',
    expect: 'image',
    verdict: 'error',
    failing: true,
    images: [],
    attempts: 1,
    durationMs: 12,
    ...overrides,
  };
}

const HOSTILE_ID = 's/fox/sim-dev/negative_prompt=a`b``|c\n## id heading [x](http://evil.invalid/)/seed=1';

const results: RunResults = {
  schemaVersion: 1,
  tool: { name: 'seedsnap', version: '0.0.0' },
  runId: 'run`| 1',
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:02.000Z',
  durationMs: 2000,
  status: 'complete',
  options: { ci: false, update: 'none' },
  suites: [{ name: 's | ## suite', file: 's.yaml', provider: 'local', models: ['sim-dev'], cases: 2 }],
  summary: {
    total: 2,
    images: 0,
    failing: 2,
    updated: 0,
    byVerdict: { error: 2, fail: 0, stale: 0, flaky: 0, new: 0, blocked: 0, pass: 0 },
  },
  cases: [
    caseResult({ reason: MESSAGE }),
    caseResult({ id: HOSTILE_ID, modelLabel: 'm|![x](http://evil.invalid/)', reason: 'plain' }),
  ],
};

/** Our own structure: two headings, the two summary tables and the failing-cases table, nothing else. */
function expectContained(markdown: string, options: { links: number }): Rendered {
  const rendered = render(markdown);
  expect(rendered.headings).toHaveLength(2);
  expect(rendered.headings[0]).toMatch(/^seedsnap — /);
  expect(rendered.headings[1]).toMatch(/^Failing cases/);
  expect(rendered.images).toBe(0);
  expect(rendered.html).toBe(0);
  expect(rendered.links).toHaveLength(options.links);
  for (const href of rendered.links) expect(href).toMatch(/^index\.html(#|$)/);
  return rendered;
}

describe('summary.md cannot be rewritten by what it quotes', () => {
  it('a hostile server message, case id, model and suite name stay text inside their cells', () => {
    for (const reportLink of [undefined, 'index.html']) {
      const markdown = renderMarkdown(results, reportLink ? { reportLink } : {});
      const rendered = expectContained(markdown, { links: reportLink ? 3 : 0 });
      const failing = rendered.rows.filter((r) => r[1]?.includes('error'));
      expect(failing).toHaveLength(2);
      for (const row of failing) expect(row).toHaveLength(4);
      const reason = failing.find((r) => r[3]?.includes('Owned heading'))?.[3] ?? '';
      for (const text of ['bad | injected | cells |', '## Owned heading', '![pixel](http://evil.invalid/p.png)']) {
        expect(reason).toContain(text);
      }
      expect(reason).toContain('<img src=x onerror=alert(1)>');
      expect(reason).toContain('`code` **bold** _it_ ~~strike~~ $x^2$ &lt;&#x41; \\| \\\\|');
      expect(reason).toMatch(/osc end$/);
      const id = failing.find((r) => r[3] === 'plain')?.[0] ?? '';
      expect(id).toBe('s/fox/sim-dev/negative_prompt=a`b``|c ## id heading [x](http://evil.invalid/)/seed=1');
      const models = rendered.rows.find((r) => r[0]?.startsWith('m|'));
      expect(models?.[0]).toBe('m|![x](http://evil.invalid/)');
    }
  });

  it('the A/B summary quotes server-supplied revisions and reasons as text', () => {
    const side = (runId: string) => ({ runId, dir: '/x', models: ['sim-dev'], revisions: [MESSAGE] });
    const pair = (id: string) => ({
      id,
      status: 'changed',
      diffRatio: 0.5,
      reason: MESSAGE,
      a: { modelLabel: 'sim-dev', modelRevision: 'rev <b>1</b>' },
      b: { modelLabel: 'sim-dev', modelRevision: '![x](http://evil.invalid/)' },
    });
    const comparison = {
      a: side('a`|'),
      b: side('b'),
      options: { threshold: 0.1, max_diff_ratio: 0 },
      summary: { total: 2, byStatus: { changed: 2, same: 0, error: 0, 'only-a': 0, 'only-b': 0 } },
      pairs: [pair('x/1'), pair(HOSTILE_ID)],
    } as unknown as RunComparison;
    const rendered = render(renderComparisonMarkdown(comparison));
    expect(rendered.headings).toHaveLength(2);
    expect(rendered.images + rendered.html + rendered.links.length).toBe(0);
    const changed = rendered.rows.filter((r) => r[2] === '50.00%');
    expect(changed).toHaveLength(2);
    for (const row of changed) expect(row).toHaveLength(4);
    expect(changed[0]?.[1]).toBe('rev <b>1</b> → ![x](http://evil.invalid/)');
  });

  it('markdownCell keeps ordinary text readable in the file', () => {
    expect(markdownCell('Together: overloaded (HTTP 503), max_diff_ratio 0.100%')).toBe(
      'Together: overloaded (HTTP 503), max_diff_ratio 0.100%',
    );
  });

  it('a hostile loopback server cannot add a heading, image or link to a real run’s summary.md', async () => {
    const server = await startServer((_req, res) => sendJson(res, 400, { error: { message: MESSAGE } }));
    const cwd = await tempDir();
    await writeFile(
      path.join(cwd, 's.yaml'),
      `provider: { name: together, base_url: "${server.url}", max_attempts: 1 }
models: [black-forest-labs/FLUX.1-dev]
defaults: { width: 512, height: 512, steps: 28 }
seeds: [1, 2]
cases: [{ id: fox, prompt: a red fox }]
`,
    );
    const run = await runCli(['run', 's.yaml', '--out', 'run'], {
      cwd,
      env: { TOGETHER_API_KEY: 'tgp_v1_test_key_123456' },
    });
    expect(run.code).toBe(1);
    const summary = await readFile(path.join(cwd, 'run', 'summary.md'), 'utf8');
    expect(summary).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    const rendered = render(summary);
    expect(rendered.headings).toEqual(['seedsnap — s: ❌ 2 of 2 cases failing', 'Failing cases']);
    expect(rendered.images + rendered.html).toBe(0);
    // Only our own links: one per failing case and the report.
    expect(rendered.links).toEqual([
      'index.html#s%2Ffox%2FFLUX.1-dev%2Fseed%3D1',
      'index.html#s%2Ffox%2FFLUX.1-dev%2Fseed%3D2',
      'index.html',
    ]);
    const failing = rendered.rows.filter((r) => r[1]?.includes('error'));
    expect(failing).toHaveLength(2);
    for (const row of failing) {
      expect(row).toHaveLength(4);
      expect(row[3]).toContain('Owned heading');
      expect(row[3]).toMatch(/end/);
    }
  });
});
