/**
 * seedsnap serve's video routes over a real socket: the job's life (queued → in_progress → completed on
 * the server's clock), the clip at video_url, validation at create, and each video fault.
 */
import { describe, expect, it } from 'vitest';
import { decodeVideo } from '../../src/video/decode.js';
import { until } from '../helpers/spawn.js';
import { keyframeUrl, videoServer } from '../helpers/video-server.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server answered
type Json = any;

async function call(url: string, init?: RequestInit): Promise<{ status: number; json: Json }> {
  const response = await fetch(url, init);
  return { status: response.status, json: (await response.json()) as Json };
}

function post(url: string, body: unknown) {
  return call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

const kling = {
  model: 'sim-kling',
  seed: 3,
  width: 64,
  height: 64,
  seconds: '2',
  fps: 4,
  media: { frame_images: [{ input_image: keyframeUrl() }] },
};

/** A clock the test moves by hand, so no assertion depends on how fast the machine is. */
function clock() {
  let now = 1_700_000_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('video jobs', () => {
  it('go queued → in_progress → completed over the job time and serve a clip of seconds × fps frames', async () => {
    const time = clock();
    const server = await videoServer({ jobMs: 3000, now: time.now });
    const created = await post(`${server.url}/v2/videos`, kling);
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      object: 'video',
      model: 'sim-kling',
      status: 'queued',
      seconds: '2',
      size: '64x64',
    });
    const job = `${server.url}/v2/videos/${created.json.id}`;
    expect((await call(job)).json.status).toBe('queued');
    time.advance(1500);
    expect((await call(job)).json.status).toBe('in_progress');
    time.advance(1500);
    let done: Json;
    await until(async () => {
      done = (await call(job)).json;
      return done.status === 'completed';
    });
    expect(done.outputs).toMatchObject({
      cost: 0,
      video_url: expect.stringMatching(/\/video-files\/[0-9a-f]{24}\.mp4$/),
    });
    const response = await fetch(done.outputs.video_url);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    const video = await decodeVideo(new Uint8Array(await response.arrayBuffer()));
    expect(video).toMatchObject({ frameCount: 8, fps: 4, width: 64, height: 64 });
  });

  it('answers under /v1 as well as /v2 (the SDK uses whatever base it is given), WEBM when asked', async () => {
    const server = await videoServer({ jobMs: 0 });
    const created = await post(`${server.url}/v1/videos`, { ...kling, output_format: 'WEBM' });
    let url = '';
    await until(async () => {
      const job = (await call(`${server.url}/v1/videos/${created.json.id}`)).json;
      url = job.outputs?.video_url ?? '';
      return job.status === 'completed';
    });
    expect(url).toMatch(/\.webm$/);
    expect((await decodeVideo(new Uint8Array(await (await fetch(url)).arrayBuffer()))).codec).toBe('vp9');
  });

  it('refuses a bad request at create, naming the field, without making a job', async () => {
    const server = await videoServer();
    const missing = await post(`${server.url}/v2/videos`, { model: 'sim-kling', prompt: 'a fox' });
    expect(missing).toMatchObject({
      status: 400,
      json: { error: { param: 'frame_images', message: 'sim-kling needs frame_images (keyframes)' } },
    });
    const both = await post(`${server.url}/v2/videos`, { ...kling, frame_images: kling.media.frame_images });
    expect(both.json.error.message).toBe('give frame_images or media.frame_images, not both');
    const seconds = await post(`${server.url}/v2/videos`, { ...kling, seconds: 'two' });
    expect(seconds.json.error).toMatchObject({ param: 'seconds' });
    expect((await post(`${server.url}/v2/videos`, { model: 'nope' })).status).toBe(404);
    expect((await call(`${server.url}/v2/videos/video-unknown`)).status).toBe(404);
    expect(server.service.created).toBe(0);
  });
});

describe('video faults', () => {
  const started = async (faults: Record<string, number>) => {
    const time = clock();
    const server = await videoServer({ jobMs: 1000, now: time.now, faults: { seed: 1, ...faults } });
    const id = (await post(`${server.url}/v2/videos`, kling)).json.id as string;
    const poll = () => call(`${server.url}/v2/videos/${id}`).then((r) => r.json as Json);
    /** Poll until the job answers a status other than `in_progress` (encoding runs on real time). */
    const settled = async (): Promise<Json> => {
      let job: Json = await poll();
      while (job.status === 'in_progress') job = await poll();
      return job;
    };
    return { server, time, poll, settled };
  };

  it('failed: the job ends failed with error.message and code', async () => {
    const { time, settled } = await started({ failed: 1 });
    time.advance(1000);
    const job = await settled();
    expect(job).toMatchObject({
      status: 'failed',
      error: { code: 'generation_failed', message: expect.stringContaining('injected fault') },
    });
    expect(job.outputs).toBeUndefined();
  });

  it('slow: still in progress at the job time, done at 20×', async () => {
    const { time, poll, settled } = await started({ slow: 1 });
    time.advance(1000 * 19);
    expect((await poll()).status).toBe('in_progress');
    time.advance(1000);
    expect((await settled()).status).toBe('completed');
  });

  it('expired: the first video_url is already gone (410); asking the job again gives a fresh one', async () => {
    const { time, poll, settled } = await started({ expired: 1 });
    time.advance(1000);
    const first = await settled();
    expect(first.status).toBe('completed');
    const gone = await fetch(first.outputs.video_url);
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as Json).error.code).toBe('file_expired');
    const again = await poll();
    expect(again.outputs.video_url).not.toBe(first.outputs.video_url);
    expect((await fetch(again.outputs.video_url)).status).toBe(200);
  });

  it('truncated: half the clip, served with an honest length, which only decoding catches', async () => {
    const { time, settled } = await started({ truncated: 1 });
    time.advance(1000);
    const job = await settled();
    expect(job.status).toBe('completed');
    const bytes = new Uint8Array(await (await fetch(job.outputs.video_url)).arrayBuffer());
    await expect(decodeVideo(bytes)).rejects.toThrow(/cut short|cannot decode|cannot read/);
  });
});
