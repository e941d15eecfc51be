/**
 * Video cases end to end with the real binary: new → pass → revision 2 fails with per-frame figures →
 * approve → pass; a Kling-style case without keyframes exits 2 at its line; --dry-run prices video jobs.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/types/index.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const SUITE = `name: clips
provider: local
models:
  - sim-dev
  - sim-kling
defaults: { width: 128, height: 128, steps: 4, output_format: png }
seeds: [3]
cases:
  - id: fox
    prompt: a red fox sitting in fresh snow
  - id: harbour
    prompt: slow push in
    seconds: 2
    fps: 6
    frame_images:
      - { input_image: keyframes/harbour.png, frame: first }
`;

async function project(suite = SUITE): Promise<string> {
  const cwd = await tempDir();
  await mkdir(path.join(cwd, 'keyframes'));
  await copyFile(path.join(ROOT, 'suites', 'keyframes', 'harbour.png'), path.join(cwd, 'keyframes', 'harbour.png'));
  await writeFile(path.join(cwd, 'clips.yaml'), suite);
  return cwd;
}

async function latest(cwd: string): Promise<RunResults> {
  const name = (await readFile(path.join(cwd, 'reports', '.latest-run'), 'utf8')).trim();
  return JSON.parse(await readFile(path.join(cwd, 'reports', name, 'results.json'), 'utf8')) as RunResults;
}

const clip = (results: RunResults) => {
  const found = results.cases.find((c) => c.case === 'harbour');
  if (!found) throw new Error('no harbour case');
  return found;
};

describe('video cases with the real binary', () => {
  it('new → pass → revision 2 fails frame by frame → approve → pass', async () => {
    const cwd = await project();
    const first = await runCli(['run', 'clips.yaml'], { cwd });
    expect(first.stderr).not.toMatch(/error|internal/i);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/new 2/);
    const sidecar = JSON.parse(await readFile(path.join(cwd, 'baselines/clips/harbour/sim-kling/seed=3.json'), 'utf8'));
    expect(sidecar).toMatchObject({
      format: 'mp4',
      image: 'seed=3.mp4',
      width: 128,
      height: 128,
      video: { fps: 6, frameCount: 12 },
    });
    expect(sidecar.request.frame_images[0]).toMatchObject({
      input_image: 'keyframes/harbour.png',
      sha256: expect.any(String),
    });

    const second = await runCli(['run', 'clips.yaml'], { cwd });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/pass 2/);
    const passed = clip(await latest(cwd)).images[0];
    expect(passed?.video?.frames).toHaveLength(12);
    expect(passed?.video?.frames.every((f) => f.verdict === 'pass')).toBe(true);
    expect(passed?.video?.keyframes).toMatchObject([{ source: 0, index: 0, verdict: 'pass' }]);

    const drifted = await runCli(['run', 'clips.yaml'], { cwd, env: { SEEDSNAP_LOCAL_REVISION: '2' } });
    expect(drifted.code).toBe(1);
    const failed = clip(await latest(cwd));
    expect(failed.verdict).toBe('fail');
    const video = failed.images[0]?.video;
    if (!video) throw new Error('no video result');
    expect(video).toMatchObject({ format: 'mp4', fps: 6, frameCount: 12, width: 128, height: 128, mismatches: [] });
    expect(video.frames.map((f) => [f.index, f.time])).toEqual(Array.from({ length: 12 }, (_, i) => [i, i / 6]));
    // The keyframe is honoured by both revisions; the drift grows along the clip.
    expect(video.frames[0]).toMatchObject({ verdict: 'pass', metrics: { diffPixels: 0 } });
    expect(video.frames[11]?.verdict).toBe('fail');
    expect(video.frames[11]?.metrics.diffRatio).toBeGreaterThan(video.frames[3]?.metrics.diffRatio ?? 1);
    expect(video.frames[11]?.gates.find((g) => g.name === 'max_diff_ratio')).toMatchObject({ ok: false });
    expect(video.worst?.index).toBeGreaterThanOrEqual(8);
    expect(video.keyframes[0]).toMatchObject({ verdict: 'pass', tolerance: { name: 'keyframe', max_mean_abs: 12 } });
    expect(failed.reason).toMatch(
      new RegExp(`compared frames differ beyond tolerance \\(worst: frame ${video.worst?.index} at`),
    );
    expect(failed.images[0]?.diff).toBe(video.frames.find((f) => f.index === video.worst?.index)?.diff);
    // What changed (issue 16): each failing frame says it, and the clip leads with its worst frame's findings.
    const worstFrame = video.frames.find((f) => f.index === video.worst?.index);
    expect(worstFrame?.findings?.[0]).toMatchObject({ kind: expect.any(String), summary: expect.any(String) });
    expect(failed.images[0]?.findings).toEqual(worstFrame?.findings);
    expect(video.frames.filter((f) => f.verdict === 'pass').every((f) => f.findings === undefined)).toBe(true);
    expect(`${drifted.stdout}${drifted.stderr}`).toMatch(/✗ fail +clips\/harbour\/sim-kling\/seed=3 .*worst: frame/);
    // JUnit and the Markdown summary name the worst frame too.
    const run = path.join(cwd, 'reports', (await readFile(path.join(cwd, 'reports', '.latest-run'), 'utf8')).trim());
    const worstAt = `worst: frame ${video.worst?.index} at`;
    expect(await readFile(path.join(run, 'junit.xml'), 'utf8')).toContain(worstAt);
    expect(await readFile(path.join(run, 'summary.md'), 'utf8')).toContain(worstAt);

    const approved = await runCli(['approve'], { cwd });
    expect(approved.code).toBe(0);
    const again = await runCli(['run', 'clips.yaml'], { cwd, env: { SEEDSNAP_LOCAL_REVISION: '2' } });
    expect(again.stdout).toMatch(/pass 2/);
    expect(again.code).toBe(0);
  });

  it('a Kling-style case without keyframes, or a keyframe past the clip, exits 2 at its line', async () => {
    const cwd = await project(`name: bad
provider: together
models: [kwaivgI/kling-2.1-master, kwaivgI/kling-2.1-standard]
cases:
  - id: nokeys
    prompt: a fox
  - id: last
    frame_images:
      - { input_image: keyframes/harbour.png }
      - { input_image: keyframes/missing.png, frame: last }
`);
    const result = await runCli(['run', 'clips.yaml'], { cwd, env: { TOGETHER_API_KEY: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'clips.yaml:5:5: error SUITE_PARAM: video model "kwaivgI/kling-2.1-master" needs frame_images (keyframes)',
    );
    expect(result.stderr).toMatch(
      /clips\.yaml:9:7: error SUITE_PARAM: kwaivgI\/kling-2\.1-master takes at most 1 keyframe/,
    );
    expect(result.stderr).toMatch(
      /clips\.yaml:10:24: error SUITE_KEYFRAME: keyframe file "keyframes\/missing\.png" does not exist/,
    );
    expect(result.stderr).toMatch(/nothing was generated/);
  });

  it('--dry-run prices video jobs per clip', async () => {
    const cwd = await project(`name: priced
provider: together
models: [kwaivgI/kling-2.1-master]
seeds: [1, 2]
cases:
  - id: clip
    seconds: 5
    frame_images: [{ input_image: keyframes/harbour.png }]
`);
    const result = await runCli(['run', 'clips.yaml', '--dry-run'], { cwd, env: { TOGETHER_API_KEY: 'x'.repeat(20) } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2 cases, 2 images, .* estimated cost \$1\.84/);
    const capped = await runCli(['run', 'clips.yaml', '--max-cost', '1'], {
      cwd,
      env: { TOGETHER_API_KEY: 'x'.repeat(20) },
    });
    expect(capped.code).toBe(2);
    expect(capped.stderr).toMatch(/estimated cost \$1\.84 .* is over --max-cost \$1\.00/);
  });
});
