/**
 * Video cases' costs: the built-in video models' render, the ffmpeg encode (MP4/H.264 and WEBM/VP9) and
 * the decode back to RGBA frames, for the quickstart's clip (2 s at 8 fps, 256×256) and a longer one.
 * Figures only: nothing here fails a run.
 *
 *   npm run build && node bench/video.mjs
 */
import { LocalVideoModel } from '../dist/providers/local/video/model.js';
import { decodeVideo } from '../dist/video/decode.js';
import { encodeVideo } from '../dist/video/encode.js';
import { ffmpegBinary } from '../dist/video/ffmpeg.js';
import { header, machine, row, timeIt } from './lib/print.mjs';

const RUNS = Number(process.env.BENCH_REPEATS ?? 5);
const model = new LocalVideoModel({ revision: 1 });
const CLIPS = [
  ['sim-video 256×256, 2 s at 8 fps (quickstart)', { width: 256, height: 256, seconds: 2, fps: 8 }],
  ['sim-video 512×512, 5 s at 24 fps', { width: 512, height: 512, seconds: 5, fps: 24 }],
];

console.log(`\n## video\n\n${machine()}; ffmpeg ${ffmpegBinary().path} (${ffmpegBinary().source})`);
header('built-in video model, ffmpeg encode and decode (median of runs, ms)', [
  'clip',
  'frames',
  'render',
  'encode mp4',
  'mp4 bytes',
  'decode mp4',
  'encode webm',
  'webm bytes',
  'decode webm',
]);
for (const [label, size] of CLIPS) {
  const request = { model: 'sim-video', seed: 42, prompt: 'a lighthouse on a cliff at sunset', ...size };
  const render = await timeIt(() => model.render(request), RUNS, 1);
  const { frames, checked } = model.render(request);
  const cells = [label, String(frames.length), render.median.toFixed(0)];
  for (const format of ['mp4', 'webm']) {
    const encode = await timeIt(() => encodeVideo({ frames, fps: checked.fps, format }), RUNS, 1);
    const bytes = await encodeVideo({ frames, fps: checked.fps, format });
    const decode = await timeIt(() => decodeVideo(bytes), RUNS, 1);
    cells.push(encode.median.toFixed(0), String(bytes.length), decode.median.toFixed(0));
  }
  row(...cells);
}
