/**
 * The built-in video models, in the same capability shape as Together's: `sim-kling` animates keyframes
 * like Kling (frame_images required, prompt optional), `sim-video` makes a clip from a prompt with the
 * image model's scenes. Small defaults (256×256, 2 s at 8 fps) keep the quickstart and tests fast.
 */
import type { VideoModelCapabilities, VideoParamName } from '../../../video/request.js';

export interface SimVideoModel {
  capabilities: VideoModelCapabilities;
  description: string;
}

const COMMON: VideoParamName[] = ['width', 'height', 'seconds', 'fps', 'output_format'];
const SIZES = { min: 64, max: 1024, multiple: 8 } as const;
const FPS = { min: 1, max: 30, default: 8 } as const;
const SECONDS = { min: 1, max: 10, default: 2 } as const;

export const SIM_VIDEO_MODELS: Record<string, SimVideoModel> = {
  'sim-kling': {
    description: 'animates frame_images (keyframes) with a camera move and a light change, like Kling; prompt optional',
    capabilities: {
      id: 'sim-kling',
      kind: 'video',
      prompt: 'optional',
      keyframes: { support: 'any', required: true, max: 8 },
      maxReferenceImages: 0,
      mediaField: 'media',
      sizes: SIZES,
      defaultSize: [256, 256],
      fps: FPS,
      seconds: SECONDS,
      params: [...COMMON, 'prompt', 'frame_images'],
      defaultOutputFormat: 'mp4',
    },
  },
  'sim-video': {
    description: "a clip from a prompt: the image model's scene, with a camera move and a light change",
    capabilities: {
      id: 'sim-video',
      kind: 'video',
      prompt: 'required',
      keyframes: { support: 'none', required: false, max: 0 },
      maxReferenceImages: 0,
      mediaField: 'media',
      sizes: SIZES,
      defaultSize: [256, 256],
      fps: FPS,
      seconds: SECONDS,
      steps: { min: 1, max: 50, default: 20 },
      guidance: { min: 0, max: 20, default: 6 },
      params: [...COMMON, 'prompt', 'negative_prompt', 'steps', 'guidance_scale'],
      defaultOutputFormat: 'mp4',
    },
  },
};
