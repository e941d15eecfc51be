/** A video case checked against its model before anything is sent, each problem at its line. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../src/image/png-encode.js';
import { SIM_VIDEO_MODELS } from '../../src/providers/local/video/models.js';
import { TOGETHER_VIDEO_MODELS } from '../../src/providers/together/video-models.js';
import {
  dataUrl,
  hashKeyframes,
  imageInputKind,
  KeyframeFileError,
  resolveKeyframes,
} from '../../src/suite/keyframes.js';
import { checkVideoCapabilities } from '../../src/suite/video-check.js';
import { parseYaml, type YamlPath } from '../../src/suite/yaml-source.js';
import type { VideoModelCapabilities } from '../../src/video/request.js';
import { tempDir } from '../helpers/tmp.js';

function problems(yaml: string, caps: VideoModelCapabilities) {
  const parsed = parseYaml('suite.yaml', yaml);
  if ('problems' in parsed) throw new Error('bad yaml');
  const { id: _id, ...kase } = (parsed.value as { cases: Record<string, unknown>[] }).cases[0] ?? {};
  const origins: Record<string, YamlPath> = {};
  for (const key of Object.keys(kase)) origins[key] = ['cases', 0, key];
  return checkVideoCapabilities(parsed.source, { params: kase, origins }, caps, {
    casePath: ['cases', 0],
    modelPath: ['models', 0],
  }).map((p) => `${p.location?.line}:${p.location?.col} ${p.message} | ${p.hint}`);
}

const master = TOGETHER_VIDEO_MODELS['kwaivgI/kling-2.1-master'] as VideoModelCapabilities;
const pro = TOGETHER_VIDEO_MODELS['kwaivgI/kling-2.1-pro'] as VideoModelCapabilities;
const simKling = SIM_VIDEO_MODELS['sim-kling']?.capabilities as VideoModelCapabilities;

describe('checkVideoCapabilities', () => {
  it('a Kling-style case without keyframes is refused at the case', () => {
    expect(problems('cases:\n  - id: a\n    prompt: a fox\n', master)).toEqual([
      '2:5 video model "kwaivgI/kling-2.1-master" needs frame_images (keyframes): it animates images instead of following a prompt | add frame_images: [{ input_image: keyframes/first.png }] to the case (a path relative to the suite, a URL or base64)',
    ]);
  });

  it('a last keyframe on a first-only model, at the frame_images key', () => {
    const yaml =
      'cases:\n  - id: a\n    frame_images:\n      - { input_image: a.png }\n      - { input_image: b.png, frame: last }\n';
    expect(problems(yaml, master)).toEqual([
      '4:7 kwaivgI/kling-2.1-master takes at most 1 keyframe(s), got 2 | kwaivgI/kling-2.1-master takes one keyframe, the first frame: remove the others, or use a model that places them',
    ]);
    expect(problems(yaml, pro)).toEqual([]);
  });

  it('lengths, rates, sizes and keys the model does not have', () => {
    const yaml =
      'cases:\n  - id: a\n    seconds: 7\n    fps: 30\n    width: 640\n    height: 480\n    steps: 20\n    frame_images: [{ input_image: a.png, frame: 500 }]\n';
    expect(problems(yaml, master)).toEqual([
      '7:5 video model "kwaivgI/kling-2.1-master" does not accept "steps" | remove "steps" for this model (it accepts prompt, width, height, seconds, fps, output_format, output_quality, negative_prompt, guidance_scale, frame_images)',
      '3:14 seconds 7 is not a length "kwaivgI/kling-2.1-master" makes | use seconds: 5, 10',
      '4:10 fps 30 is not a frame rate "kwaivgI/kling-2.1-master" makes | use fps: 24',
      '5:12 640×480 is not a size "kwaivgI/kling-2.1-master" makes | use one of 1920×1080',
      "8:19 frame_images[0].frame is 500, outside the clip's frames 0 to 209 | a frame number runs from 0 to 209 (7 s × 30 fps)",
    ]);
  });

  it('a clean sim-kling case, and sim-video needs its prompt', () => {
    expect(
      problems(
        'cases:\n  - id: a\n    seconds: 2\n    fps: 8\n    frame_images: [{ input_image: a.png, frame: 15 }]\n',
        simKling,
      ),
    ).toEqual([]);
    const simVideo = SIM_VIDEO_MODELS['sim-video']?.capabilities as VideoModelCapabilities;
    expect(problems('cases:\n  - id: a\n    seconds: 2\n', simVideo)).toEqual([
      '2:5 video model "sim-video" needs a prompt | add prompt: to the case',
    ]);
  });
});

describe('keyframe inputs', () => {
  const png = encodePng({ width: 4, height: 4, data: new Uint8Array(48).fill(200) }, 3);

  it('tells URLs, data: URLs, bare base64 and paths apart', () => {
    expect(imageInputKind('https://cdn.example/a.png')).toBe('url');
    expect(imageInputKind(dataUrl(png))).toBe('data');
    expect(imageInputKind(Buffer.from(png).toString('base64').padEnd(80, 'A'))).toBe('base64');
    expect(imageInputKind('keyframes/first.png')).toBe('path');
  });

  it('hashes a file relative to the suite when the suite is read, and sends it as a data: URL when the case runs', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'suites', 'keyframes'), { recursive: true });
    await writeFile(path.join(dir, 'suites', 'keyframes', 'first.png'), png);
    const suite = path.join(dir, 'suites', 'video.yaml');
    const hashed = hashKeyframes(
      [{ input_image: 'keyframes/first.png', frame: 'first' }, { input_image: 'https://x.test/b.png' }],
      suite,
    );
    expect(hashed[0]).toEqual({
      input_image: 'keyframes/first.png',
      frame: 'first',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(hashed[1]).toEqual({ input_image: 'https://x.test/b.png' });
    const sent = await resolveKeyframes(hashed, suite);
    expect(sent).toEqual([{ input_image: dataUrl(png), frame: 'first' }, { input_image: 'https://x.test/b.png' }]);
    await writeFile(
      path.join(dir, 'suites', 'keyframes', 'first.png'),
      encodePng({ width: 2, height: 2, data: new Uint8Array(12) }, 3),
    );
    await expect(resolveKeyframes(hashed, suite)).rejects.toThrow(/changed while the run was going/);
  });

  it('a missing file or one that is not an image is a problem with a hint', async () => {
    const dir = await tempDir();
    const suite = path.join(dir, 'video.yaml');
    expect(() => hashKeyframes([{ input_image: 'nope.png' }], suite)).toThrow(KeyframeFileError);
    expect(() => hashKeyframes([{ input_image: 'nope.png' }], suite)).toThrow(
      /keyframe file "nope.png" does not exist \(looked for .*nope\.png\)/,
    );
    await writeFile(path.join(dir, 'text.png'), 'hello');
    expect(() => hashKeyframes([{ input_image: 'text.png' }], suite)).toThrow(
      'keyframe "text.png" is not a PNG or JPEG image',
    );
  });
});
