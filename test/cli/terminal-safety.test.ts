/**
 * Nothing from a suite, a run folder or a server can drive the terminal: every
 * command of the real binary is fed escape sequences (window title, clear
 * screen, OSC 8 links, 8-bit CSI, reset) and its output must carry none of them.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../src/image/png-encode.js';
import { runCli } from '../helpers/cli.js';
import { sendJson, startServer } from '../helpers/http.js';
import { startCli, until } from '../helpers/spawn.js';
import { tempDir } from '../helpers/tmp.js';

/** The same hostile text as YAML source (double-quoted escapes) and as the string it parses to. */
const HOSTILE_YAML = String.raw`x\e]0;PWNED-TITLE\a\e[2J\e[H\e]8;;http://evil.invalid/\e\\click\e]8;;\e\\\x9b8m\ec\r\e[8m\bz`;
const HOSTILE =
  'x\x1b]0;PWNED-TITLE\x07\x1b[2J\x1b[H\x1b]8;;http://evil.invalid/\x1b\\click\x1b]8;;\x1b\\\x9b8m\x1bc\r\x1b[8m\bz';

/**
 * Output with no control character but newline and tab, and without the payload of a removed title or
 * link (percent-encoded paths may still spell it out: they are plain text).
 */
function expectInert(text: string): void {
  expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  expect(text).not.toContain(']0;PWNED-TITLE');
  expect(text).not.toContain('8;;http://evil.invalid');
}

/** With colour on, seedsnap's own colours survive and nothing else does. */
function expectOnlyOwnColours(text: string): void {
  const sequences = text.match(/\x1b\[[0-9;]*[A-Za-z]/g) ?? [];
  expect(sequences.length).toBeGreaterThan(0);
  for (const seq of sequences) expect(seq).toMatch(/^\x1b\[(0|1|2|31|32|33|34|35|31;1|33;1)m$|^\x1b\[K$/);
  const stripped = text.replace(/\x1b\[[0-9;]*[mK]/g, '');
  expectInert(stripped);
}

const SUITE = `name: hostile
models: [sim-dev]
defaults: { width: 64, height: 64, steps: 28, output_format: png }
cases:
  - id: fox
    prompt: a red fox
    sweep:
      negative_prompt: ["${HOSTILE_YAML}", "plain"]
`;

async function project(): Promise<string> {
  const cwd = await tempDir();
  await writeFile(path.join(cwd, 's.yaml'), SUITE);
  return cwd;
}

describe('terminal safety of every command', () => {
  it('run and --dry-run print hostile sweep values as plain text', async () => {
    const cwd = await project();
    const dry = await runCli(['run', 's.yaml', '--dry-run'], { cwd });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('negative_prompt=x');
    expect(dry.stdout).toContain('clickz');
    expectInert(dry.stdout + dry.stderr);

    // --ci makes both new cases fail, so their ids are printed as they finish.
    const run = await runCli(['run', 's.yaml', '--ci', '--out', 'run'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('clickz');
    expectInert(run.stdout + run.stderr);

    const coloured = await runCli(['run', 's.yaml', '--ci', '--out', 'run2'], {
      cwd,
      env: { NO_COLOR: '', FORCE_COLOR: '1' },
    });
    expect(coloured.code).toBe(1);
    expectOnlyOwnColours(coloured.stdout + coloured.stderr);
  });

  it('run prints a hostile server message as plain text', async () => {
    const server = await startServer((_req, res) => sendJson(res, 400, { error: { message: `refused ${HOSTILE}` } }));
    const cwd = await tempDir();
    await writeFile(
      path.join(cwd, 's.yaml'),
      `provider: { name: together, base_url: "${server.url}", max_attempts: 1 }
models: [black-forest-labs/FLUX.1-dev]
defaults: { width: 512, height: 512, steps: 28 }
cases: [{ id: fox, prompt: a red fox }]
`,
    );
    const run = await runCli(['run', 's.yaml'], { cwd, env: { TOGETHER_API_KEY: 'tgp_v1_test_key_123456' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('refused x');
    expectInert(run.stdout + run.stderr);
    const coloured = await runCli(['run', 's.yaml'], {
      cwd,
      env: { TOGETHER_API_KEY: 'tgp_v1_test_key_123456', NO_COLOR: '', FORCE_COLOR: '1' },
    });
    expectOnlyOwnColours(coloured.stdout + coloured.stderr);
  });

  it('suite problems quote hostile keys and lines as plain text', async () => {
    const cwd = await tempDir();
    // Raw control bytes (YAML accepts them): in a quoted key, so the message quotes them, and in a value,
    // so the source line printed under the problem holds them.
    const raw = HOSTILE.replace('\r', '');
    await writeFile(
      path.join(cwd, 's.yaml'),
      `models: [sim-dev]\ncases:\n  - id: fox\n    prompt: a fox\n    "${raw.replace(/\\/g, '\\\\')}": 1\n    promptx: ${raw}\n`,
    );
    const run = await runCli(['run', 's.yaml'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SUITE_UNKNOWN_KEY');
    expect(run.stderr).toContain('unknown key "xclickz"');
    expect(run.stderr).toContain('promptx: xclickz');
    expectInert(run.stdout + run.stderr);
  });

  it('approve, compare and merge print hostile case ids from run folders as plain text', async () => {
    const cwd = await project();
    expect((await runCli(['run', 's.yaml', '--ci', '--out', 'a'], { cwd })).code).toBe(1);
    const approve = await runCli(['approve', '--run', 'a'], { cwd });
    expect(approve.code).toBe(0);
    expect(approve.stdout).toContain('approved hostile/fox/sim-dev/negative_prompt=x');
    expectInert(approve.stdout + approve.stderr);

    const drifted = await runCli(['run', 's.yaml', '--out', 'b'], { cwd, env: { SEEDSNAP_LOCAL_REVISION: '2' } });
    expect(drifted.code).toBe(1);
    expectInert(drifted.stdout + drifted.stderr);
    const compare = await runCli(['compare', 'a', 'b', '--out', 'ab'], { cwd });
    expect(compare.code).toBe(0);
    expect(compare.stdout).toContain('clickz');
    expectInert(compare.stdout + compare.stderr);

    // The same run twice overlaps: the error names the hostile case.
    const merge = await runCli(['merge', 'a', 'a', '--out', 'm'], { cwd });
    expect(merge.code).toBe(2);
    expect(merge.stderr).toContain('clickz');
    expectInert(merge.stdout + merge.stderr);
  });

  it('review prints hostile ids of approved and rejected cases as plain text', async () => {
    const cwd = await project();
    expect((await runCli(['run', 's.yaml', '--ci', '--out', 'a'], { cwd })).code).toBe(1);
    const review = startCli(['review', '--run', 'a', '--port', '0'], { cwd });
    let out = '';
    review.child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    await until(() => /http:\/\/127\.0\.0\.1:\d+\//.test(out));
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out)?.[0] ?? '';
    const page = await (await fetch(url)).text();
    const token = /name="seedsnap-review" content="([^"]+)"/.exec(page)?.[1] ?? '';
    const post = (action: string, body: unknown) =>
      fetch(`${url}api/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-seedsnap-token': token, origin: url.slice(0, -1) },
        body: JSON.stringify(body),
      });
    const results = JSON.parse(await readFile(path.join(cwd, 'a', 'results.json'), 'utf8')) as {
      cases: { id: string }[];
    };
    const hostileId = results.cases.map((c) => c.id).find((id) => id.includes('\x1b')) ?? '';
    expect(hostileId).not.toBe('');
    expect((await post('reject', { ids: [hostileId] })).status).toBe(200);
    expect((await post('approve', { ids: [hostileId] })).status).toBe(200);
    await until(() => out.includes('approved'));
    review.child.kill('SIGINT');
    const done = await review.done;
    expect(done.stdout).toContain('rejected hostile/fox/sim-dev/negative_prompt=x');
    expectInert(done.stdout + done.stderr);
  });

  it('diff prints hostile file names as plain text', async () => {
    const cwd = await tempDir();
    const image = (v: number) => encodePng({ width: 8, height: 8, data: new Uint8Array(8 * 8 * 3).fill(v) }, 3);
    const dir = path.join(cwd, `d${HOSTILE.replace(/\//g, '_')}`);
    await mkdir(dir);
    await writeFile(path.join(dir, 'a.png'), image(10));
    await writeFile(path.join(dir, 'b.png'), image(200));
    await writeFile(path.join(dir, 'c.png'), 'not an image');
    const rel = path.relative(cwd, dir);
    const diff = await runCli(['diff', `${rel}/a.png`, `${rel}/b.png`, '--out', `${rel}/d.png`], { cwd });
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('clickz');
    expectInert(diff.stdout + diff.stderr);
    // --json keeps the data: what the terminal may not show raw is escaped, not dropped.
    const json = await runCli(['diff', `${rel}/a.png`, `${rel}/b.png`, '--json'], { cwd });
    expect(json.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect((JSON.parse(json.stdout) as { files: { path: string }[] }).files[0]?.path).toBe(`${rel}/a.png`);
    const bad = await runCli(['diff', `${rel}/a.png`, `${rel}/c.png`], { cwd });
    expect(bad.code).toBe(2);
    expectInert(bad.stdout + bad.stderr);
    const missing = await runCli(['diff', `${rel}/a.png`, `${rel}/${HOSTILE}.png`], { cwd });
    expect(missing.code).toBe(2);
    expectInert(missing.stdout + missing.stderr);
  });
});
