/**
 * The review server under attack: real HTTP requests on 127.0.0.1 carrying a hostile Origin or
 * Sec-Fetch-Site, a real Chromium framing the page from another local site, symlinks planted in the
 * run folder and in baselines/, and approve + reject racing on one results.json.
 */

import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaselineStore } from '../../src/baselines/store.js';
import { startReviewServer } from '../../src/review/server.js';
import { runSuites } from '../../src/runner/run.js';
import { approveRun } from '../../src/runs/approve.js';
import { rejectCases } from '../../src/runs/decisions.js';
import type { RunResults } from '../../src/types/index.js';
import { type Browser, launchBrowser } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';
import { startServer } from '../helpers/http.js';
import { png, solid } from '../helpers/images.js';
import { CountingProvider, registryWith } from '../helpers/providers.js';
import { tempDir } from '../helpers/tmp.js';

interface Run {
  dir: string;
  runDir: string;
  baselinesDir: string;
  ids: string[];
}

/** A finished run of `seeds` new cases (no baselines yet), made with the in-process provider. */
async function makeRun(seeds = [1, 2, 3, 4]): Promise<Run> {
  const dir = await tempDir();
  const file = path.join(dir, 's.yaml');
  await writeFile(
    file,
    `provider: counting\nmodels: [fake]\ndefaults: { width: 64, height: 64 }\nseeds: [${seeds.join(', ')}]\ncases:\n  - { id: fox, prompt: a fox }\n`,
  );
  const baselinesDir = path.join(dir, 'baselines');
  const { runDir } = await runSuites({
    suites: [file],
    registry: registryWith(new CountingProvider(1)),
    baselinesDir,
    reportsDir: path.join(dir, 'reports'),
    ci: true,
  });
  return { dir, runDir, baselinesDir, ids: seeds.map((s) => `s/fox/fake/seed=${s}`) };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request: fetch would not let a test set Origin or Sec-Fetch-Site as an attacker's browser does. */
function http(
  url: string,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(options.path ?? '/', url);
    const req = request(target, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const fakeRequest = { model: 'fake', prompt: 'a fox', seed: 1 };

const readRun = async (runDir: string) =>
  JSON.parse(await readFile(path.join(runDir, 'results.json'), 'utf8')) as RunResults;

describe('review server: headers', () => {
  it('forbids framing on every answer: pages, data, images, errors', async () => {
    const run = await makeRun([1]);
    const server = await startReviewServer({ runDir: run.runDir, baselinesDir: run.baselinesDir, port: 0 });
    try {
      const answers = [
        await http(server.url),
        await http(server.url, { path: '/index.html' }),
        await http(server.url, { path: '/report-data.js' }),
        await http(server.url, { path: '/results.json' }),
        await http(server.url, { path: '/actual/s/fox/fake/seed%3D1.png' }),
        await http(server.url, { path: '/favicon.ico' }),
        await http(server.url, { path: '/nothing-here' }),
        await http(server.url, { method: 'POST', path: '/api/approve' }),
        await http(server.url, { method: 'PUT', path: '/api/approve' }),
        await http(server.url, { headers: { host: 'evil.example' } }),
      ];
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 204, 404, 403, 405, 421]);
      for (const answer of answers) {
        expect(answer.headers['x-frame-options']).toBe('DENY');
        expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      }
    } finally {
      await server.close();
    }
  });
});

describe('review server: requests from another site', () => {
  it('refuses a change whose Origin is not its own or whose Sec-Fetch-Site is cross-site, even with the token', async () => {
    const run = await makeRun([1]);
    const server = await startReviewServer({ runDir: run.runDir, baselinesDir: run.baselinesDir, port: 0 });
    const other = await startServer((_req, res) => {
      res.end('another local app');
    });
    try {
      const post = (action: string, headers: Record<string, string>) =>
        http(server.url, {
          method: 'POST',
          path: `/api/${action}`,
          headers: { 'content-type': 'application/json', 'x-seedsnap-token': server.token, ...headers },
          body: JSON.stringify(action === 'approve' ? { all: true } : { ids: [run.ids[0]] }),
        });
      const hostile: Record<string, string>[] = [
        { origin: 'http://evil.example' },
        { origin: 'null' },
        // Another app on this machine is another origin (the port differs), though the same site.
        { origin: other.url },
        { origin: `https://127.0.0.1:${server.port}` },
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site' },
        { origin: server.url.slice(0, -1), 'sec-fetch-site': 'cross-site' },
      ];
      for (const headers of hostile) {
        for (const action of ['approve', 'reject']) {
          const answer = await post(action, headers);
          expect({ headers, action, status: answer.status }).toEqual({ headers, action, status: 403 });
          expect(JSON.parse(answer.body).error).toMatch(/another site/);
        }
      }
      // Nothing changed: no baseline written, no decision recorded.
      await expect(readdir(run.baselinesDir)).rejects.toThrow(/ENOENT/);
      expect((await readRun(run.runDir)).cases.map((c) => c.review)).toEqual([undefined]);

      // The page's own requests (Origin of this server, same-origin fetch) and plain clients without Origin work.
      for (const origin of [server.url.slice(0, -1), `http://localhost:${server.port}`]) {
        const answer = await post('reject', { origin, 'sec-fetch-site': 'same-origin' });
        expect(answer.status).toBe(200);
      }
      expect((await post('approve', {})).status).toBe(200);
      expect((await readRun(run.runDir)).cases[0]?.review?.decision).toBe('approved');
    } finally {
      await server.close();
    }
  });
});

describe('review server: framing in a real browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('a page on another local site cannot show the review page in a frame', async () => {
    const run = await makeRun([1]);
    const server = await startReviewServer({ runDir: run.runDir, baselinesDir: run.baselinesDir, port: 0 });
    // The clickjacking lure: the review page in a near-transparent frame over a button.
    const lure = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!doctype html><button>Win a prize</button><iframe id="review" src="${server.url}" style="opacity:0.01;position:absolute;top:0;left:0;width:1200px;height:900px"></iframe>`,
      );
    });
    try {
      const { page } = await browser.page();
      await page.goto(lure.url, { waitUntil: 'load' });
      const frame = page.frames().find((f) => f !== page.mainFrame());
      expect(frame).toBeDefined();
      // Chromium replaces a frame that refuses to be framed with its own error page.
      expect(frame?.url()).toMatch(/^chrome-error:/);
      expect(await frame?.locator('article.case').count()).toBe(0);
      // The page itself, opened directly, works.
      await page.goto(server.url);
      await page.waitForSelector('article.case');
    } finally {
      await server.close();
    }
  });
});

describe('review server and approve: symlinks', () => {
  it('serves no file through a symlink that leaves the run folder', async () => {
    const run = await makeRun([1, 2]);
    const outside = path.join(run.dir, 'outside');
    await mkdir(outside);
    await writeFile(path.join(outside, 'secret.png'), png(solid(8, 8, [1, 2, 3, 255])));
    const image = path.join(run.runDir, 'actual/s/fox/fake/seed=1.png');
    await rm(image);
    await symlink(path.join(outside, 'secret.png'), image);
    // A whole folder too.
    await rm(path.join(run.runDir, 'actual/s/fox/fake'), { recursive: true });
    await symlink(outside, path.join(run.runDir, 'actual/s/fox/fake'));
    const server = await startReviewServer({ runDir: run.runDir, baselinesDir: run.baselinesDir, port: 0 });
    try {
      expect((await http(server.url, { path: '/actual/s/fox/fake/seed%3D1.png' })).status).toBe(404);
      expect((await http(server.url, { path: '/actual/s/fox/fake/secret.png' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('reads no results.json through a symlink that leaves the run folder', async () => {
    const run = await makeRun([1]);
    const other = await makeRun([1, 2]);
    await rm(path.join(run.runDir, 'results.json'));
    await symlink(path.join(other.runDir, 'results.json'), path.join(run.runDir, 'results.json'));
    await expect(startReviewServer({ runDir: run.runDir, port: 0 })).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(approveRun({ runDir: run.runDir, baselinesDir: run.baselinesDir })).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
    });
  });

  it('a symlink inside the run folder that stays inside is served', async () => {
    const run = await makeRun([1, 2]);
    const one = path.join(run.runDir, 'actual/s/fox/fake/seed=1.png');
    const two = path.join(run.runDir, 'actual/s/fox/fake/seed=2.png');
    await rm(two);
    await symlink(one, two);
    const server = await startReviewServer({ runDir: run.runDir, baselinesDir: run.baselinesDir, port: 0 });
    try {
      expect((await http(server.url, { path: '/actual/s/fox/fake/seed%3D2.png' })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('approve copies no file from outside the run folder into baselines/', async () => {
    const run = await makeRun([1]);
    const outside = path.join(run.dir, 'outside.png');
    await writeFile(outside, png(solid(8, 8, [9, 9, 9, 255])));
    const image = path.join(run.runDir, 'actual/s/fox/fake/seed=1.png');
    await rm(image);
    await symlink(outside, image);
    await expect(approveRun({ runDir: run.runDir, baselinesDir: run.baselinesDir })).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
    });
    await expect(readdir(run.baselinesDir)).rejects.toThrow(/ENOENT/);
  });

  it('approve writes nothing through a symlink that leaves baselines/, and a run reads nothing through one', async () => {
    const run = await makeRun([1]);
    const elsewhere = path.join(run.dir, 'elsewhere');
    await mkdir(elsewhere);
    await mkdir(path.join(run.baselinesDir, 's'), { recursive: true });
    await symlink(elsewhere, path.join(run.baselinesDir, 's', 'fox'));
    await expect(approveRun({ runDir: run.runDir, baselinesDir: run.baselinesDir })).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
    });
    expect(await readdir(elsewhere)).toEqual([]);

    // A real pair elsewhere, linked in: not read as this case's baseline.
    const foreign = new BaselineStore(path.join(run.dir, 'foreign'));
    const key = run.ids[0] ?? '';
    await foreign.write({
      key,
      bytes: png(solid(64, 64)),
      format: 'png',
      request: fakeRequest,
      fingerprint: 'f',
      provider: 'x',
    });
    await rm(path.join(run.baselinesDir, 's', 'fox'));
    await symlink(path.join(foreign.root, 's', 'fox'), path.join(run.baselinesDir, 's', 'fox'));
    await expect(new BaselineStore(run.baselinesDir).read(key)).rejects.toThrow(
      /refusing to follow a symlink out of .*baselines/,
    );
  });

  it('a baselines folder that is itself a symlink (baselines on another disk) still works', async () => {
    const run = await makeRun([1]);
    const real = path.join(run.dir, 'real-baselines');
    await mkdir(real);
    await symlink(real, run.baselinesDir);
    const outcome = await approveRun({ runDir: run.runDir, baselinesDir: run.baselinesDir });
    expect(outcome.approved.map((a) => a.key)).toEqual(run.ids);
    expect(await readdir(path.join(real, 's/fox/fake'))).toEqual(['seed=1.json', 'seed=1.png']);
  });
});

describe('approve and review on one run', () => {
  it('never lose each other’s writes to results.json (in one process)', async () => {
    const run = await makeRun([1, 2, 3, 4, 5, 6]);
    const [a1, a2, a3, r1, r2, r3] = run.ids as [string, string, string, string, string, string];
    await Promise.all([
      approveRun({ runDir: run.runDir, baselinesDir: run.baselinesDir, ids: [a1] }),
      rejectCases({ runDir: run.runDir, ids: [r1] }),
      approveRun({ runDir: run.runDir, baselinesDir: run.baselinesDir, ids: [a2, a3] }),
      rejectCases({ runDir: run.runDir, ids: [r2] }),
      rejectCases({ runDir: run.runDir, ids: [r3], note: 'no' }),
    ]);
    const decisions = (await readRun(run.runDir)).cases.map((c) => [c.id, c.review?.decision]);
    expect(decisions).toEqual([
      [a1, 'approved'],
      [a2, 'approved'],
      [a3, 'approved'],
      [r1, 'rejected'],
      [r2, 'rejected'],
      [r3, 'rejected'],
    ]);
    expect(await readdir(run.runDir)).not.toContain('results.json.lock');
  });

  it('never lose each other’s writes across processes: `seedsnap approve` while the review page rejects', async () => {
    const run = await makeRun([1, 2, 3, 4, 5, 6, 7, 8]);
    const approved = run.ids.slice(0, 4);
    const rejected = run.ids.slice(4);
    const server = await startReviewServer({ runDir: run.runDir, baselinesDir: run.baselinesDir, port: 0 });
    try {
      const reject = (id: string) =>
        http(server.url, {
          method: 'POST',
          path: '/api/reject',
          headers: {
            'content-type': 'application/json',
            'x-seedsnap-token': server.token,
            origin: server.url.slice(0, -1),
          },
          body: JSON.stringify({ ids: [id] }),
        });
      const approvals = approved.map((id) =>
        runCli(['approve', '--run', run.runDir, '--baselines', run.baselinesDir, id], {
          cwd: run.dir,
        }),
      );
      const rejections = rejected.map(reject);
      const [cli, web] = [await Promise.all(approvals), await Promise.all(rejections)];
      expect(cli.map((r) => r.code)).toEqual([0, 0, 0, 0]);
      expect(web.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    } finally {
      await server.close();
    }
    const decisions = Object.fromEntries((await readRun(run.runDir)).cases.map((c) => [c.id, c.review?.decision]));
    expect(decisions).toEqual(
      Object.fromEntries([...approved.map((id) => [id, 'approved']), ...rejected.map((id) => [id, 'rejected'])]),
    );
  });
});

describe('review server: a case approve refuses', () => {
  it('answers which cases were refused and why, and tells the terminal, instead of silently approving nothing', async () => {
    const run = await makeRun([1, 2]);
    // Case 1's request was rewritten in results.json after the run (as a redacted key would be): it cannot be approved.
    const file = path.join(run.runDir, 'results.json');
    const results = JSON.parse(await readFile(file, 'utf8')) as RunResults;
    const edited = results.cases.find((c) => c.id === run.ids[0]);
    if (!edited) throw new Error('no case 1');
    edited.request = { ...edited.request, prompt: 'a fox, edited by hand' };
    await writeFile(file, JSON.stringify(results));
    const told: string[] = [];
    const server = await startReviewServer({
      runDir: run.runDir,
      baselinesDir: run.baselinesDir,
      port: 0,
      onDecision: (m) => told.push(m),
    });
    try {
      const answer = await http(server.url, {
        method: 'POST',
        path: '/api/approve',
        headers: { 'content-type': 'application/json', 'x-seedsnap-token': server.token },
        body: JSON.stringify({ all: true }),
      });
      expect(answer.status).toBe(200);
      const body = JSON.parse(answer.body) as { approved: string[]; refused: { caseId: string; reason: string }[] };
      expect(body.approved).toEqual([`${run.ids[1]}`]);
      expect(body.refused).toEqual([{ caseId: run.ids[0], reason: expect.stringMatching(/request .* was rewritten/) }]);
      expect(told).toContainEqual(expect.stringMatching(new RegExp(`^not approved ${run.ids[0]}: its request`)));
    } finally {
      await server.close();
    }
  });
});
