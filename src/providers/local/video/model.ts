/**
 * The built-in video models in process: check the request, fit each keyframe to the clip's size (or,
 * for sim-video, render the prompt's scene with the image model), run the camera over it, encode the
 * frames with ffmpeg. Deterministic: the same request gives the same frames, and with the same ffmpeg
 * build the same bytes.
 */
import { decodeImage } from '../../../image/decode.js';
import type { RgbImage } from '../../../image/types.js';
import { encodeVideo } from '../../../video/encode.js';
import { coverResize } from '../../../video/fit.js';
import type { PlacedKeyframe, VideoModelCapabilities, VideoRequest } from '../../../video/request.js';
import type { VideoFormat } from '../../../video/types.js';
import { render } from '../render.js';
import { ParamError } from '../request.js';
import { cameraMove } from './camera.js';
import { type CheckedVideoRequest, checkVideoRequest, findVideoModel } from './check.js';
import { renderClip } from './clip.js';
import { SIM_VIDEO_MODELS } from './models.js';

/** ρ of sim-video's scene render: between the image models' Schnell and Dev. */
const VIDEO_CONVERGENCE = 0.7;

export interface LocalVideoModelOptions {
  /** Model revision; default from SEEDSNAP_LOCAL_REVISION, else 1. */
  revision?: number;
  /** Resolves a keyframe's `input_image` to bytes (the HTTP server passes one that reads its own files). */
  loadReference?: (ref: string) => Uint8Array | undefined;
}

export interface GeneratedVideo {
  bytes: Uint8Array;
  format: VideoFormat;
  width: number;
  height: number;
  fps: number;
  seconds: number;
  frameCount: number;
  /** Where each keyframe was placed. */
  keyframes: PlacedKeyframe[];
}

export interface RenderedClip {
  checked: CheckedVideoRequest;
  frames: RgbImage[];
}

export class LocalVideoModel {
  readonly revision: number;
  private readonly loadReference: ((ref: string) => Uint8Array | undefined) | undefined;

  constructor(options: LocalVideoModelOptions = {}) {
    // Revisions are parsed where they enter (the provider, serve's options); here only 2 means anything.
    const revision = options.revision ?? Number(process.env.SEEDSNAP_LOCAL_REVISION || 1);
    if (revision !== 1 && revision !== 2)
      throw new RangeError(`the built-in models have revisions 1 and 2, not ${revision}`);
    this.revision = revision;
    this.loadReference = options.loadReference;
  }

  capabilities(model: string): VideoModelCapabilities | undefined {
    return SIM_VIDEO_MODELS[model]?.capabilities;
  }

  /** The frames a request makes, before encoding. Throws ParamError/ProviderError as the API would answer. */
  render(request: VideoRequest): RenderedClip {
    const caps = findVideoModel(request.model).capabilities;
    const checked = checkVideoRequest(request, caps);
    const { width, height, frameCount } = checked;
    const move = cameraMove(request.seed, request.prompt ?? '', this.revision);
    let keyframes: RgbImage[];
    let placed = checked.placed;
    if (caps.keyframes.support === 'none') {
      keyframes = [this.scene(request, caps, checked)];
      placed = [{ source: 0, index: 0 }];
    } else {
      keyframes = (request.frame_images ?? []).map((frame, i) => this.keyframe(frame.input_image, i, width, height));
    }
    return { checked, frames: renderClip({ keyframes, placed, width, height, frameCount, move }) };
  }

  async generate(request: VideoRequest, options: { signal?: AbortSignal } = {}): Promise<GeneratedVideo> {
    const { checked, frames } = this.render(request);
    const bytes = await encodeVideo(
      { frames, fps: checked.fps, format: checked.format },
      options.signal ? { signal: options.signal } : {},
    );
    return {
      bytes,
      format: checked.format,
      width: checked.width,
      height: checked.height,
      fps: checked.fps,
      seconds: checked.seconds,
      frameCount: checked.frameCount,
      keyframes: checked.placed,
    };
  }

  private scene(request: VideoRequest, caps: VideoModelCapabilities, checked: CheckedVideoRequest): RgbImage {
    return render({
      prompt: request.prompt ?? '',
      negativePrompt: request.negative_prompt ?? '',
      seed: request.seed >>> 0,
      width: checked.width,
      height: checked.height,
      steps: request.steps ?? caps.steps?.default ?? 20,
      guidance: request.guidance_scale ?? caps.guidance?.default,
      convergence: VIDEO_CONVERGENCE,
      family: 'video',
      revision: this.revision,
    });
  }

  private keyframe(ref: string, index: number, width: number, height: number): RgbImage {
    const field = `frame_images[${index}].input_image`;
    const bytes = this.loadReference?.(ref) ?? dataUrl(ref) ?? bareBase64(ref);
    if (!bytes) {
      throw new ParamError(
        `cannot load ${field} "${ref.slice(0, 60)}": give a data:image/png or data:image/jpeg base64 URL, base64 of a PNG or JPEG, or a URL this server returned`,
        'frame_images',
      );
    }
    let rgba: ReturnType<typeof decodeImage>;
    try {
      rgba = decodeImage(bytes, { maxMegapixels: 16 });
    } catch (error) {
      throw new ParamError(`${field} is not a PNG or JPEG image: ${(error as Error).message}`, 'frame_images');
    }
    const rgb = new Uint8Array(rgba.width * rgba.height * 3);
    for (let i = 0, j = 0; j < rgba.data.length; i += 3, j += 4) {
      rgb[i] = rgba.data[j] ?? 0;
      rgb[i + 1] = rgba.data[j + 1] ?? 0;
      rgb[i + 2] = rgba.data[j + 2] ?? 0;
    }
    const fitted = coverResize({ width: rgba.width, height: rgba.height, data: rgb }, 3, width, height);
    return { width, height, data: fitted.data };
  }
}

function dataUrl(ref: string): Uint8Array | undefined {
  const match = /^data:image\/(png|jpeg|jpg);base64,(.+)$/s.exec(ref);
  return match?.[2] ? new Uint8Array(Buffer.from(match[2], 'base64')) : undefined;
}

/** Base64 of a PNG or JPEG without the data: prefix, as the API also accepts. */
function bareBase64(ref: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(ref) || ref.length < 16) return undefined;
  const bytes = new Uint8Array(Buffer.from(ref, 'base64'));
  const png = bytes[0] === 0x89 && bytes[1] === 0x50;
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  return png || jpeg ? bytes : undefined;
}
