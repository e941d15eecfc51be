/**
 * The Together video job client against seedsnap serve's video routes and against a hostile server in
 * the test: a failed job, a job that never finishes, an expired URL, a cut-off download, and — above all —
 * no second paid job for any retry.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { togetherVideoBody, videoBaseUrl } from '../../../src/providers/together/video-body.js';
import { runVideoJob, type VideoJobOptions } from '../../../src/providers/together/video-jobs.js';
import { TogetherVideoClient } from '../../../src/providers/together/video-provider.js';
import { ProviderError } from '../../../src/types/errors.js';
import { Redactor } from '../../../src/util/redact.js';
import { decodeVideo } from '../../../src/video/decode.js';
import type { VideoRequest } from '../../../src/video/request.js';
import { sendJson, startServer, type TestServer } from '../../helpers/http.js';
import { keyframeUrl, videoServer } from '../../helpers/video-server.js';

/** Time that moves only when the client waits: job timeouts are tested without waiting for them. */
function fakeTime() {
  const state = { now: 0, waits: [] as number[] };
  return {
    state,
    now: () => state.now,
    sleep: async (ms: number) => {
      state.waits.push(ms);
      state.now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

const request: VideoRequest = {
  model: 'sim-kling',
  seed: 5,
  width: 64,
  height: 64,
  seconds: 1,
  fps: 4,
  frame_images: [{ input_image: keyframeUrl() }],
};

function options(base: string, overrides: Partial<VideoJobOptions> = {}): VideoJobOptions {
  const time = fakeTime();
  return {
    baseUrl: base,
    apiKey: 'tgp_v1_secretsecretsecretsecret',
    signal: new AbortController().signal,
    redactor: new Redactor(['tgp_v1_secretsecretsecretsecret']),
    label: 'Together',
    now: time.now,
    sleep: time.sleep,
    ...overrides,
  };
}

const posts = (server: { requests?: { method: string }[]; log?: string[] }) =>
  server.log
    ? server.log.filter((l) => l.startsWith('POST')).length
    : (server.requests ?? []).filter((r) => r.method === 'POST').length;

describe('against seedsnap serve', () => {
  it('creates one job, polls it to completion and downloads the clip', async () => {
    const server = await videoServer({ jobMs: 0 });
    const client = new TogetherVideoClient({ baseUrl: `${server.url}/v2`, apiKey: 'k', pollMs: 5, maxPollMs: 20 });
    const video = await client.generateVideo(request, { signal: new AbortController().signal });
    expect(video).toMatchObject({ format: 'mp4', cost: 0, jobId: expect.stringMatching(/^video-/) });
    expect(await decodeVideo(video.bytes)).toMatchObject({ frameCount: 4, width: 64, height: 64 });
    expect(server.service.created).toBe(1);
    expect(client.pendingJobs().size).toBe(0);
  });

  it('an expired URL: asks the job again for a fresh one, never a second job', async () => {
    const server = await videoServer({ jobMs: 0, faults: { expired: 1, seed: 1 } });
    const client = new TogetherVideoClient({ baseUrl: `${server.url}/v2`, apiKey: 'k', pollMs: 5, maxPollMs: 20 });
    const video = await client.generateVideo(request, { signal: new AbortController().signal });
    expect(video.bytes.length).toBeGreaterThan(0);
    expect(server.service.created).toBe(1);
    expect(server.log.filter((l) => l.startsWith('GET /video-files/'))).toHaveLength(2);
  });

  it('a failed job is an error that is not retried, with the server’s reason', async () => {
    const server = await videoServer({ jobMs: 0, faults: { failed: 1, seed: 1 } });
    const client = new TogetherVideoClient({ baseUrl: `${server.url}/v2`, apiKey: 'k', pollMs: 5, maxPollMs: 20 });
    const error = await client.generateVideo(request, { signal: new AbortController().signal }).catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(
      /^Together: video job video-\w+ failed: the model could not generate this video .* \(generation_failed\)$/,
    );
    expect(server.service.created).toBe(1);
  });
});

describe('against a hostile server', () => {
  const job = (id: string, status: string, extra: object = {}) => ({ id, object: 'video', status, ...extra });

  it('a job that never finishes stops at job_timeout_ms, polls with growing waits, and is not re-created', async () => {
    const server = await startServer((req, res) => {
      if (req.method === 'POST') return sendJson(res, 200, job('v1', 'queued'));
      sendJson(res, 200, job('v1', 'in_progress'));
    });
    const time = fakeTime();
    const error = await runVideoJob(
      {},
      options(server.url, { jobTimeoutMs: 60_000, pollMs: 1000, maxPollMs: 8000, ...time }),
    ).catch((e) => e);
    expect(error.message).toBe(
      "Together: video job v1 is still in_progress after 60 s (job_timeout_ms); it was not re-created — check it on the provider's dashboard",
    );
    expect(error.retryable).toBe(false);
    expect(posts(server)).toBe(1);
    expect(time.state.waits.slice(0, 5)).toEqual([1000, 1500, 2250, 3375, 5062.5]);
    expect(Math.max(...time.state.waits)).toBe(8000);
    expect(time.state.now).toBe(60_000);
  });

  for (const [what, answer] of [
    ['a 500', (res: import('node:http').ServerResponse) => sendJson(res, 500, { error: { message: 'boom' } })],
    ['a dropped connection', (res: import('node:http').ServerResponse) => void res.socket?.destroy()],
    [
      'an answer without a job id',
      (res: import('node:http').ServerResponse) => sendJson(res, 200, { status: 'queued' }),
    ],
  ] as const) {
    it(`create answered with ${what} may have made a job: an error, sent once, not retried`, async () => {
      const server = await startServer((_req, res) => answer(res));
      const error = await runVideoJob({}, options(server.url)).catch((e) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error.retryable).toBe(false);
      expect(error.message).toMatch(/a job may have been created and charged, so it is not retried/);
      expect(posts(server)).toBe(1);
    });
  }

  it('create refused with 429 made no job: retried after Retry-After, then polled to the end', async () => {
    let creates = 0;
    const server: TestServer = await startServer((req, res) => {
      if (req.method === 'POST') {
        creates++;
        if (creates < 3) return sendJson(res, 429, { error: { message: 'slow down' } }, { 'retry-after': '7' });
        return sendJson(res, 200, job('v9', 'queued'));
      }
      if (req.url.startsWith('/videos/v9')) {
        return sendJson(
          res,
          200,
          job('v9', 'completed', { outputs: { cost: 0.5, video_url: `${server.url}/clip.mp4` } }),
        );
      }
      res.writeHead(200, { 'content-type': 'video/mp4' }).end(Buffer.from('\0\0\0\x18ftypisom....'));
    });
    const time = fakeTime();
    const done = await runVideoJob({ model: 'm' }, options(server.url, { ...time }));
    expect(done.cost).toBe(0.5);
    expect(posts(server)).toBe(3);
    expect(time.state.waits.slice(0, 2)).toEqual([7000, 7000]);
  });

  it('create on a closed port is retried (nothing was sent), then a transient error', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const time = fakeTime();
    const error = await runVideoJob({}, options(`http://127.0.0.1:${closed}`, { createAttempts: 3, ...time })).catch(
      (e) => e,
    );
    expect(error.message).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+\/videos \(ECONNREFUSED\)/);
    expect(error.kind).toBe('transient');
    expect(time.state.waits).toHaveLength(2);
  });

  it('polls that fail (503, a reset) are polled again; a cut-off download asks the job again', async () => {
    let polls = 0;
    let downloads = 0;
    const server: TestServer = await startServer((req, res) => {
      if (req.method === 'POST') return sendJson(res, 200, job('v2', 'queued'));
      if (req.url.startsWith('/videos/')) {
        polls++;
        if (polls === 1) return sendJson(res, 503, { error: { message: 'busy' } });
        if (polls === 2) return void res.socket?.destroy();
        return sendJson(res, 200, job('v2', 'completed', { outputs: { video_url: `${server.url}/clip.webm` } }));
      }
      downloads++;
      const clip = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(4096)]);
      if (downloads === 1) {
        res.writeHead(200, { 'content-length': String(clip.length) });
        res.write(clip.subarray(0, 100), () => res.destroy());
        return;
      }
      res.writeHead(200).end(clip);
    });
    const done = await runVideoJob({}, options(server.url));
    expect(done.bytes.length).toBe(4100);
    expect(done.cost).toBeUndefined();
    expect(posts(server)).toBe(1);
    expect(polls).toBe(4);
    expect(downloads).toBe(2);
  });

  it('when the download keeps failing, the case’s retry picks up the same job instead of paying for another', async () => {
    let downloads = 0;
    const server: TestServer = await startServer((req, res) => {
      if (req.method === 'POST') return sendJson(res, 200, job('v3', 'queued'));
      if (req.url.startsWith('/videos/v3')) {
        return sendJson(res, 200, job('v3', 'completed', { outputs: { video_url: `${server.url}/clip.mp4` } }));
      }
      downloads++;
      if (downloads <= 3) return sendJson(res, 403, { error: { message: 'Request has expired' } });
      res.writeHead(200).end(Buffer.from('\0\0\0\x18ftypisom........'));
    });
    const client = new TogetherVideoClient({ baseUrl: server.url, apiKey: 'k', pollMs: 1, ...fakeTime() });
    const context = { signal: new AbortController().signal, jobKey: 'suite/case/model/seed=1' };
    const first = await client.generateVideo(request, context).catch((e) => e);
    expect(first.message).toMatch(
      /video job v3 finished but its video could not be downloaded in 3 tries \(.*HTTP 403\)/,
    );
    expect(first.retryable).toBe(true);
    expect(client.pendingJobs().get('suite/case/model/seed=1')).toBe('v3');
    const second = await client.generateVideo(request, context);
    expect(second).toMatchObject({ jobId: 'v3', format: 'mp4' });
    expect(posts(server)).toBe(1);
    expect(client.pendingJobs().size).toBe(0);
  });

  it('an unknown status, a bad key and an echoed key', async () => {
    const odd = await startServer((req, res) =>
      sendJson(res, 200, job('v4', req.method === 'POST' ? 'queued' : 'exploded')),
    );
    await expect(runVideoJob({}, options(odd.url))).rejects.toThrow(
      'Together: video job v4 answered an unknown status "exploded"',
    );
    const auth = await startServer((_req, res) => sendJson(res, 401, { error: { message: 'invalid api key' } }));
    await expect(runVideoJob({}, options(auth.url))).rejects.toMatchObject({ kind: 'auth' });
    const echo = await startServer((req, res) =>
      sendJson(
        res,
        200,
        job('v5', req.method === 'POST' ? 'queued' : 'failed', {
          error: { message: `bad key ${req.headers.authorization}` },
        }),
      ),
    );
    const error = await runVideoJob({}, options(echo.url)).catch((e) => e);
    expect(error.message).toBe('Together: video job v5 failed: bad key Bearer [redacted]');
  });
});

describe('the request body', () => {
  it('seconds as a string, the format in capitals, keyframes under media or at the top level as the model says', () => {
    const body = togetherVideoBody({ ...request, output_format: 'webm', extra: { generate_audio: false } }, undefined);
    expect(body).toMatchObject({
      model: 'sim-kling',
      seed: 5,
      seconds: '1',
      fps: 4,
      output_format: 'WEBM',
      generate_audio: false,
    });
    expect(body.media).toEqual({ frame_images: [{ input_image: request.frame_images?.[0]?.input_image }] });
    expect(body.frame_images).toBeUndefined();
    const legacy = togetherVideoBody(request, { mediaField: 'top_level' } as never);
    expect(legacy.frame_images).toHaveLength(1);
    expect(legacy.media).toBeUndefined();
  });

  it('videos go to v2 when the image base is v1', () => {
    expect(videoBaseUrl('https://api.together.xyz/v1')).toBe('https://api.together.xyz/v2');
    expect(videoBaseUrl('http://127.0.0.1:8787/v2/')).toBe('http://127.0.0.1:8787/v2');
    expect(videoBaseUrl(undefined)).toBe('https://api.together.xyz/v2');
    expect(videoBaseUrl('https://proxy.example/v1', 'https://videos.example/v2/')).toBe('https://videos.example/v2');
  });
});
