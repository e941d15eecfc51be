// The top of the page: what ran, counts by status and by model, the cases that changed most, and the filters.
import { el, formatMs, percent } from './dom.js';
import { kindsPresent, modelTable, PAIR_LABELS, PAIR_ORDER, VERDICT_LABELS, VERDICT_ORDER } from './model.js';

function title(data, kind) {
  if (kind === 'comparison') return `seedsnap A/B — ${data.a.runId} vs ${data.b.runId}`;
  return `seedsnap — ${data.suites.map((s) => s.name).join(', ')}`;
}

function headline(items, kind) {
  const failing = items.filter((i) => i.failing).length;
  if (kind === 'comparison')
    return failing === 0 ? `all ${items.length} cases the same` : `${failing} of ${items.length} cases differ`;
  const ran = items.filter((i) => i.status !== 'not-run').length;
  const notRun = items.length - ran;
  const tail = notRun > 0 ? ` · ${notRun} did not run` : '';
  return `${failing === 0 ? `all ${ran} cases good` : `${failing} of ${ran} cases failing`}${tail}`;
}

function meta(data, kind) {
  if (kind === 'comparison') {
    const side = (name, s) =>
      `${name}: ${s.runId} (${s.models.join(', ')}${s.revisions.length ? `; ${s.revisions.join(', ')}` : ''})`;
    return `${side('A', data.a)} · ${side('B', data.b)} · matched by prompt, seed and parameters`;
  }
  const s = data.summary;
  const extras = [
    data.status === 'interrupted' ? 'interrupted' : '',
    data.status === 'stopped' && data.options?.maxFailures ? `stopped after ${data.options.maxFailures} failing` : '',
    data.mergedFrom ? `merged from ${data.mergedFrom.length} runs` : '',
    data.options?.variant ? `variant ${data.options.variant}` : '',
    data.orphanBaselines ? `${data.orphanBaselines} orphaned baselines (seedsnap baselines prune)` : '',
  ].filter(Boolean);
  return [`run ${data.runId}`, data.startedAt, formatMs(data.durationMs), `${s.images} images`, ...extras].join(' · ');
}

/** handlers: { toggleStatus(status), setModel(model), jump(key) } */
export function renderHeader(data, kind, items, filters, handlers) {
  const order = kind === 'comparison' ? PAIR_ORDER : VERDICT_ORDER;
  const labels = kind === 'comparison' ? PAIR_LABELS : VERDICT_LABELS;
  const present = order.filter((s) => items.some((i) => i.status === s));
  const chips = el(
    'div',
    { class: 'counts', role: 'group', 'aria-label': 'filter by verdict' },
    present.map((s) =>
      el(
        'button',
        {
          class: 'chip',
          type: 'button',
          'data-status': s,
          'aria-pressed': String(filters.statuses.includes(s)),
          onclick: () => handlers.toggleStatus(s),
        },
        [
          el('span', { class: `badge ${s}`, text: labels[s] || s }),
          el('span', { class: 'n', text: String(items.filter((i) => i.status === s).length) }),
        ],
      ),
    ),
  );
  const table = modelTable(items, order);
  const models = el('table', { class: 'by-model' }, [
    el('thead', {}, [
      el('tr', {}, [
        el('th', { text: 'model' }),
        ...table.statuses.map((s) => el('th', { text: labels[s] || s })),
        el('th', { text: kind === 'comparison' ? 'differ' : 'failing' }),
        el('th', { text: 'total' }),
      ]),
    ]),
    el(
      'tbody',
      {},
      table.rows.map((row) =>
        el('tr', { class: filters.model === row.model ? 'selected' : '' }, [
          el('th', { scope: 'row' }, [
            el('button', {
              type: 'button',
              class: 'link',
              'data-model': row.model,
              text: row.model,
              title: 'show only this model',
              onclick: () => handlers.setModel(filters.model === row.model ? '' : row.model),
            }),
          ]),
          ...table.statuses.map((s) => el('td', { text: String(row.counts.get(s) || '') })),
          el('td', { class: row.failing ? 'bad' : '', text: String(row.failing) }),
          el('td', { text: String(row.total) }),
        ]),
      ),
    ),
  ]);
  const changed = kind === 'comparison' ? changedMost(items, handlers) : null;
  return el('header', { class: 'run' }, [
    el('h1', { text: `${title(data, kind)}: ${headline(items, kind)}` }),
    el('div', { class: 'meta', text: meta(data, kind) }),
    el('div', { class: 'summary' }, [chips, models, changed]),
  ]);
}

function changedMost(items, handlers) {
  const top = items.filter((i) => i.status === 'changed').slice(0, 10);
  if (top.length === 0) return null;
  return el('div', { class: 'changed-most' }, [
    el('h2', { text: 'Changed most' }),
    el(
      'ol',
      {},
      top.map((i) =>
        el('li', {}, [
          el('a', { href: `#${encodeURIComponent(i.key)}`, text: i.key, onclick: () => handlers.jump(i.key) }),
          el('span', { class: 'figures', text: ` ${percent(i.score)}` }),
        ]),
      ),
    ),
  ]);
}

export function documentTitle(data, kind, items) {
  const failing = items.some((i) => i.failing);
  return `${failing ? '✗' : '✓'} ${title(data, kind)}`;
}

/** handlers: { search(text), setModel, setSuite, setKind, setFailuresOnly, setMode, setView } */
export function renderToolbar(items, filters, options, handlers) {
  const select = (id, what, values, current, onchange) =>
    el('select', { id, 'aria-label': what, onchange: (e) => onchange(e.target.value) }, [
      el('option', { value: '', text: `all ${what}s` }),
      ...values.map((v) => el('option', { value: v, text: v, selected: v === current })),
    ]);
  const search = el('input', {
    type: 'search',
    id: 'search',
    placeholder: 'Search prompt or id  ( / )',
    value: filters.query,
    'aria-label': 'search prompt or id',
    oninput: (e) => handlers.search(e.target.value),
  });
  const failures = el('input', {
    type: 'checkbox',
    id: 'failures-only',
    checked: filters.failuresOnly,
    onchange: (e) => handlers.setFailuresOnly(e.target.checked),
  });
  const views = [
    ['cases', 'cases'],
    ['sweeps', `sweeps (${options.sweeps})`],
  ];
  return el('nav', { class: 'toolbar' }, [
    options.sweeps > 0
      ? el(
          'div',
          { class: 'modes view-switch', role: 'tablist' },
          views.map(([id, text]) =>
            el('button', {
              type: 'button',
              role: 'tab',
              id: `view-${id}`,
              text,
              'aria-selected': String(options.view === id),
              onclick: () => handlers.setView(id),
            }),
          ),
        )
      : null,
    search,
    select('model-filter', 'model', [...new Set(items.map((i) => i.model))].sort(), filters.model, handlers.setModel),
    select('suite-filter', 'suite', [...new Set(items.map((i) => i.suite))].sort(), filters.suite, handlers.setSuite),
    kindsPresent(items).length > 0
      ? select('kind-filter', 'change', kindsPresent(items), filters.kind, handlers.setKind)
      : null,
    el('label', { for: 'failures-only' }, [
      failures,
      options.kind === 'comparison' ? ' differences only' : ' failures only',
    ]),
    el('label', {}, [
      'view ',
      el(
        'select',
        { id: 'mode-select', 'aria-label': 'default image view', onchange: (e) => handlers.setMode(e.target.value) },
        options.modes.map(([id, text]) => el('option', { value: id, text, selected: id === options.mode })),
      ),
    ]),
    options.review ? options.review : null,
    el('span', { class: 'shown', id: 'shown', role: 'status' }),
    el('button', { type: 'button', class: 'link', text: '?', title: 'keyboard shortcuts', onclick: handlers.help }),
  ]);
}
