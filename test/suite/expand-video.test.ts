/** Video cases in a suite: which models they run on, the media form, sweeps over video keys, defaults by kind. */
import { describe, expect, it } from 'vitest';
import { load, problemsOf } from '../helpers/suites.js';

const KEYFRAME =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';

const MIXED = `
name: mixed
models: [sim-dev, sim-kling, sim-video]
defaults: { width: 128, height: 128, steps: 28, guidance_scale: 3.5, output_format: png }
seeds: [1]
cases:
  - id: still
    prompt: a red fox
  - id: clip
    seconds: 2
    media:
      frame_images: [{ input_image: "${KEYFRAME}", frame: first }]
    models: [sim-kling]
    sweep: { fps: [4, 8], output_format: [mp4, webm] }
  - id: scene
    prompt: a lighthouse at sunset
    models: [sim-video]
    seconds: 1
    fps: 4
`;

describe('video cases in a suite', () => {
  it('image cases run on image models, video cases on video models; media folds into frame_images; sweeps cover video keys', () => {
    const suite = load(MIXED);
    const ids = suite.cases.map((c) => c.id);
    expect(ids).toEqual([
      'mixed/still/sim-dev/seed=1',
      'mixed/clip/sim-kling/fps=4,output_format=mp4/seed=1',
      'mixed/clip/sim-kling/fps=4,output_format=webm/seed=1',
      'mixed/clip/sim-kling/fps=8,output_format=mp4/seed=1',
      'mixed/clip/sim-kling/fps=8,output_format=webm/seed=1',
      'mixed/scene/sim-video/seed=1',
    ]);
    const clip = suite.cases[3]?.request;
    // The image defaults (steps, guidance_scale, output_format: png) do not reach the video model.
    expect(clip).toEqual({
      model: 'sim-kling',
      prompt: '',
      seed: 1,
      width: 128,
      height: 128,
      seconds: 2,
      fps: 8,
      output_format: 'mp4',
      frame_images: [{ input_image: KEYFRAME, frame: 'first' }],
    });
    expect(suite.cases.at(-1)?.request).toMatchObject({ model: 'sim-video', steps: 28, guidance_scale: 3.5, fps: 4 });
    expect(suite.cases[0]?.request).toMatchObject({ model: 'sim-dev', steps: 28, output_format: 'png' });
  });

  it('refuses a video case whose scene needs keyframes on sim-kling, and keyframes given twice', () => {
    const problems = problemsOf(`
name: bad
models: [sim-kling]
cases:
  - id: a
    prompt: a fox
  - id: b
    frame_images: [{ input_image: "${KEYFRAME}" }]
    media: { frame_images: [{ input_image: "${KEYFRAME}" }] }
`);
    expect(problems.map((p) => `${p.location?.line} ${p.message}`)).toEqual([
      '5 video model "sim-kling" needs frame_images (keyframes): it animates images instead of following a prompt',
      '9 frame_images is given both as frame_images: and as media.frame_images:',
    ]);
  });

  it('an image model still needs a prompt, a video model takes no image format', () => {
    expect(problemsOf('models: [sim-dev]\ncases:\n  - id: a\n').map((p) => p.message)).toEqual([
      'cases[0].prompt is required',
    ]);
    const formats = problemsOf(`models: [sim-video]\ncases:\n  - id: a\n    prompt: x\n    output_format: png\n`);
    expect(formats.map((p) => p.message)).toEqual(['output_format "png" is an image format; "sim-video" makes video']);
  });
});
