// One case (or A/B pair) as a card: verdict, prompt as text, the image views, every figure, the full request.
import { el, formatMetric, formatMs, humanize } from './dom.js';
import { createVideoViewer } from './video.js';
import { createViewer } from './viewer.js';

function figureValue(label, value) {
  if (typeof value === 'number' && /latency|generate/.test(label)) return formatMs(value);
  return String(value);
}

/** Every key of every image's metrics, whatever the compare stage computed (pixels, ratio, ssim, psnr…). */
function metricsTable(item) {
  const keys = [];
  for (const image of item.images) {
    for (const key of Object.keys(image.metrics || {})) if (!keys.includes(key)) keys.push(key);
  }
  const many = item.images.length > 1;
  const rows = keys.map((key) =>
    el('tr', {}, [
      el('th', { scope: 'row', text: humanize(key) }),
      ...item.images.map((image) =>
        el('td', {
          'data-metric': key,
          text: image.metrics && key in image.metrics ? formatMetric(key, image.metrics[key]) : '—',
        }),
      ),
    ]),
  );
  const head = many
    ? el('tr', {}, [
        el('th', {}),
        ...item.images.map((image) => el('th', { scope: 'col', text: `image ${image.index}` })),
      ])
    : null;
  const other = [
    ...gateRows(item),
    ...item.figures.map(([label, value]) =>
      el('tr', {}, [
        el('th', { scope: 'row', text: label }),
        el('td', { colSpan: Math.max(1, item.images.length), text: figureValue(label, value) }),
      ]),
    ),
  ];
  return el('table', { class: 'metrics' }, [
    head ? el('thead', {}, [head]) : null,
    el('tbody', {}, [...rows, ...other]),
  ]);
}

/** Each gate the comparator judged, as results.json records it: its limit, and whether it held for each image. */
function gateRows(item) {
  const names = [];
  for (const image of item.images) for (const g of image.gates) if (!names.includes(g.name)) names.push(g.name);
  return names.map((name) => {
    const limit = item.images.map((i) => i.gates.find((g) => g.name === name)).find(Boolean).limit;
    return el('tr', {}, [
      el('th', { scope: 'row', text: `${name} ${formatMetric(name, limit)}` }),
      ...item.images.map((image) => {
        const gate = image.gates.find((g) => g.name === name);
        const text = !gate ? '—' : gate.ok ? '✓ holds' : '✗ fails';
        return el('td', { 'data-gate': name, class: gate ? (gate.ok ? 'gate-ok' : 'gate-fail') : '', text });
      }),
    ]);
  });
}

function changesList(image) {
  if (image.changes.length === 0) return null;
  return el(
    'ul',
    { class: 'changes' },
    image.changes.map((c) =>
      el('li', {}, [
        el('code', { text: c.param }),
        ` baseline ${JSON.stringify(c.baseline)} → now ${JSON.stringify(c.current)}`,
      ]),
    ),
  );
}

/**
 * What changed, in words, principal first (results.json `findings`, from the comparator): the card leads
 * with it. Several images list theirs each, under their number.
 */
function findingsList(item) {
  const many = item.images.length > 1;
  const rows = item.images.flatMap((image) =>
    (image.findings || []).map((f) =>
      el('li', { 'data-kind': f.kind }, [
        el('span', { class: `kind k-${f.kind}`, text: f.kind }),
        ` ${many ? `image ${image.index}: ` : ''}${f.summary}`,
      ]),
    ),
  );
  return rows.length > 0 ? el('ul', { class: 'findings', 'aria-label': 'what changed' }, rows) : null;
}

function headline(item) {
  const worst = item.images.find((i) => i.metrics);
  const parts = [];
  if (worst) {
    const ratio = Math.max(...item.images.map((i) => (i.metrics ? i.metrics.diffRatio || 0 : 0)));
    parts.push(`${formatMetric('diffPixels', worst.metrics.diffPixels)} (${formatMetric('diffRatio', ratio)})`);
  }
  const latency = item.figures.find(([label]) => label === 'latency' || label === 'B latency');
  if (latency) parts.push(formatMs(latency[1]));
  return parts.join(' · ');
}

/**
 * ctx: { mode, modeOf(key), setModeOf(key, mode), review: { approve, reject } | null }.
 * The card keeps its own node; the page replaces it when the item changes.
 */
export function renderCard(item, ctx) {
  const reviewBadge = item.review
    ? el('span', {
        class: `review-state ${item.review.decision}`,
        text: item.review.decision,
        title: `${item.review.decision} ${item.review.at}`,
      })
    : null;
  const viewers = item.images.map((image) => {
    const view = image.video
      ? createVideoViewer(image)
      : createViewer(image, ctx.modeOf(item.key), (mode) => ctx.setModeOf(item.key, mode));
    const many = item.images.length > 1;
    return el('section', { class: 'image' }, [
      many ? el('h3', { text: `image ${image.index}${image.verdict ? ` · ${image.verdict}` : ''}` }) : null,
      image.note && item.images.length > 1 ? el('p', { class: 'note', text: image.note }) : null,
      // A single image's changes are listed once, under the prompt; several images list theirs each.
      many ? changesList(image) : null,
      view,
    ]);
  });
  const actions = ctx.review ? reviewActions(item, ctx.review) : null;
  const card = el(
    'article',
    {
      // A failure a reviewer approved no longer fails: it keeps its verdict but loses the alarm colour.
      class: `case s-${item.status}${item.failing ? ' failing' : ''}${!item.failing && item.review ? ' resolved' : ''}`,
      id: item.key,
      tabIndex: -1,
      'data-status': item.status,
      'data-key': item.key,
    },
    [
      el('h2', {}, [
        el('span', { class: `badge ${item.status}`, text: item.label }),
        reviewBadge,
        el('a', { class: 'case-id', href: `#${encodeURIComponent(item.key)}`, text: item.title }),
        el('span', { class: 'figures', text: headline(item) }),
      ]),
      findingsList(item),
      el('p', { class: 'prompt' }, [
        el('span', { class: 'label', text: 'prompt ' }),
        el('span', { text: item.prompt }),
      ]),
      item.negativePrompt
        ? el('p', { class: 'prompt negative' }, [
            el('span', { class: 'label', text: 'negative ' }),
            el('span', { text: item.negativePrompt }),
          ])
        : null,
      item.reason ? el('p', { class: 'reason', text: item.reason }) : null,
      item.images.length === 1 ? changesList(item.images[0]) : null,
      actions,
      el('div', { class: 'case-body' }, [el('div', { class: 'views' }, viewers), metricsTable(item)]),
      el('details', { class: 'more' }, [
        el('summary', { text: 'request' }),
        el('pre', { class: 'request', text: JSON.stringify(item.request, null, 2) }),
      ]),
    ],
  );
  card.viewers = viewers.map((v) => v.querySelector('.viewer'));
  return card;
}

function reviewActions(item, review) {
  const status = el('span', { class: 'review-status', role: 'status' });
  const act = (fn) => async (event) => {
    const buttons = event.currentTarget.parentElement.querySelectorAll('button');
    for (const b of buttons) b.disabled = true;
    status.textContent = 'saving…';
    try {
      await fn();
    } catch (error) {
      status.textContent = `failed: ${error.message}`;
      for (const b of buttons) b.disabled = false;
    }
  };
  const approvable = item.canApprove && item.status !== 'pass';
  return el('div', { class: 'review-actions' }, [
    el('button', {
      type: 'button',
      class: 'approve',
      text: item.review && item.review.decision === 'approved' ? 'approved ✓' : 'Approve',
      title: 'write this actual image as the baseline (a)',
      disabled: !item.canApprove,
      onclick: act(() => review.approve([item.key])),
    }),
    el('button', {
      type: 'button',
      class: 'reject',
      text: item.review && item.review.decision === 'rejected' ? 'rejected ✗' : 'Reject',
      title: 'record that this change is not wanted (x)',
      onclick: act(() => review.reject(item.key)),
    }),
    approvable || !item.review ? null : el('span', { class: 'muted', text: `decided ${item.review.at}` }),
    status,
  ]);
}
