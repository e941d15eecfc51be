// A video image of a case: expected and actual playing in sync, a strip of the compared frames with the
// failing ones marked, and the per-frame diff of the chosen frame (the worst one first). Everything comes
// from results.json (`image.video`): the page measures nothing itself, so it shows what CI judged.
import { el, formatMetric, humanize, imageUrl } from './dom.js';

/** Seek to the middle of a frame, never its edge: browsers disagree about which frame an edge shows. */
function frameTime(index, fps) {
  return (index + 0.5) / fps;
}

function player(src, label) {
  const node = el('video', { src: imageUrl(src), muted: true, playsInline: true, preload: 'auto', loop: true });
  node.setAttribute('aria-label', label);
  return el('figure', { class: 'player' }, [node, el('figcaption', { text: label })]);
}

function frameTitle(frame, fps) {
  const parts = [`frame ${frame.index}`, `${(frame.time ?? frame.index / fps).toFixed(3)} s`, frame.verdict];
  if (frame.metrics && typeof frame.metrics.diffRatio === 'number') {
    parts.push(`${formatMetric('diffRatio', frame.metrics.diffRatio)} differ`);
  }
  return parts.join(' · ');
}

/** One row per keyframe: where it was placed and its gates (keyframe fidelity), as results.json judged them. */
function keyframeTable(keyframes) {
  if (!keyframes || keyframes.length === 0) return null;
  return el('table', { class: 'keyframes' }, [
    el('caption', { text: 'keyframe fidelity' }),
    el(
      'tbody',
      {},
      keyframes.map((k) =>
        el('tr', { 'data-keyframe': k.source, class: k.verdict === 'fail' ? 'fail' : 'pass' }, [
          el('th', { scope: 'row', text: `frame_images[${k.source}] → frame ${k.index}` }),
          el('td', {
            text: (k.gates || [])
              .map(
                (g) =>
                  `${humanize(g.name)} ${g.value === null ? '—' : formatMetric(g.name, g.value)} (limit ${g.limit})`,
              )
              .join(', '),
          }),
          el('td', { text: k.verdict === 'fail' ? '✗ fails' : '✓ holds' }),
        ]),
      ),
    ),
  ]);
}

/** `view.video`: { expected, actual, fps, frameCount, frames: [{index, time, verdict, metrics, diff}], worst, sampling, keyframes }. */
export function createVideoViewer(view) {
  const video = view.video;
  const fps = video.fps || 1;
  const expected = video.expected ? player(video.expected, 'expected') : null;
  const actual = video.actual ? player(video.actual, view.updated ? 'actual (now the baseline)' : 'actual') : null;
  const players = [expected, actual].filter(Boolean).map((f) => f.querySelector('video'));
  const diffImage = el('img', { class: 'frame-diff pixelated', alt: 'diff of the chosen frame', hidden: true });
  const diffNote = el('p', { class: 'frame-note', role: 'status' });
  const frames = video.frames || [];
  const cells = frames.map((frame) =>
    el('button', {
      type: 'button',
      class: `frame ${frame.verdict}`,
      'data-frame': frame.index,
      'aria-pressed': 'false',
      title: frameTitle(frame, fps),
      'aria-label': frameTitle(frame, fps),
      onclick: () => choose(frame),
    }),
  );
  const strip = el('div', { class: 'frame-strip', role: 'group', 'aria-label': 'compared frames' }, cells);
  let chosen = null;

  function seek(index) {
    for (const p of players) {
      p.pause();
      p.currentTime = frameTime(index, fps);
    }
  }

  function choose(frame) {
    chosen = frame;
    cells.forEach((cell, i) => {
      cell.setAttribute('aria-pressed', String(frames[i] === frame));
    });
    seek(frame.index);
    node.dataset.frame = String(frame.index);
    if (frame.diff) {
      diffImage.src = imageUrl(frame.diff);
      diffImage.hidden = false;
      diffNote.textContent = `diff of ${frameTitle(frame, fps)}`;
    } else {
      diffImage.hidden = true;
      diffImage.removeAttribute('src');
      diffNote.textContent =
        frame.verdict === 'pass' ? `${frameTitle(frame, fps)}: within tolerance, no diff` : frameTitle(frame, fps);
    }
  }

  function step(delta) {
    if (frames.length === 0) return;
    const at = chosen ? frames.indexOf(chosen) : 0;
    const next = frames[Math.max(0, Math.min(frames.length - 1, at + delta))];
    if (next) choose(next);
  }

  // Both clips play together: the actual one leads, the expected one follows within half a frame.
  let syncing = false;
  function follow() {
    const [a, b] = players;
    if (!a || !b || !syncing) return;
    if (Math.abs(a.currentTime - b.currentTime) > 0.5 / fps) b.currentTime = a.currentTime;
    requestAnimationFrame(follow);
  }
  const playButton = el('button', {
    type: 'button',
    class: 'play',
    text: 'play both',
    onclick: () => {
      if (players.some((p) => !p.paused)) {
        syncing = false;
        for (const p of players) p.pause();
        playButton.textContent = 'play both';
        return;
      }
      const start = players[players.length - 1]?.currentTime ?? 0;
      for (const p of players) {
        p.currentTime = start;
        p.play().catch(() => {});
      }
      syncing = true;
      playButton.textContent = 'pause';
      requestAnimationFrame(follow);
    },
  });

  const sampling = video.sampling ? el('p', { class: 'sampling muted', text: video.sampling }) : null;
  const node = el('div', { class: 'viewer video-viewer', 'data-mode': 'video' }, [
    el('div', { class: 'players' }, [expected, actual]),
    el('div', { class: 'controls' }, [
      el('button', { type: 'button', text: '◀ frame', onclick: () => step(-1) }),
      playButton,
      el('button', { type: 'button', text: 'frame ▶', onclick: () => step(1) }),
    ]),
    strip,
    sampling,
    el('figure', { class: 'frame-diff' }, [diffImage, el('figcaption', {}, [diffNote])]),
    keyframeTable(video.keyframes),
  ]);
  const worst = frames.find((f) => video.worst && f.index === video.worst.index) || frames[0];
  if (worst) queueMicrotask(() => choose(worst));
  return node;
}
