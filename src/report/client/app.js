// The report page: a view of results.json (or comparison.json), loaded beside the page by report-data.js so it
// opens from file:// without a server. Filters, search, keyboard navigation, and review when served.
import { renderCard } from './card.js';
import { el } from './dom.js';
import { documentTitle, renderHeader, renderToolbar } from './header.js';
import { createList } from './list.js';
import { emptyFilters, itemsOf, matchesFilters, reportKind, sweepGroups } from './model.js';
import { approveAllButton, createReviewApi, reviewToken } from './review.js';
import { renderSweep } from './sweeps.js';
import { MODES } from './viewer.js';

const HELP = [
  ['j / k', 'next / previous case'],
  ['/', 'search'],
  ['f', 'failures only'],
  ['1 – 4', 'side by side, slider, blink, onion skin for the current case'],
  ['s', 'cases / sweeps'],
  ['a / x', 'approve / reject the current case (review)'],
  ['Esc', 'leave the search, close this help'],
];

/** Cards kept drawn for when the reader scrolls back: enough for a few screens, never the whole report. */
const CARD_CACHE = 200;

function cachedCard(nodes, item, make) {
  let node = nodes.get(item.key);
  if (node) {
    // Most recently used last: the first entry of the map is the one to let go.
    nodes.delete(item.key);
  } else {
    node = make();
    if (nodes.size >= CARD_CACHE) nodes.delete(nodes.keys().next().value);
  }
  nodes.set(item.key, node);
  return node;
}

export function start() {
  performance.mark('seedsnap:start');
  const data = window.seedsnapReport;
  if (!data) {
    document.body.append(el('p', { class: 'empty', text: 'report-data.js is missing beside index.html.' }));
    return;
  }
  const kind = reportKind(data);
  const state = {
    data,
    items: itemsOf(data),
    filters: emptyFilters(),
    mode: 'side',
    modes: new Map(),
    view: 'cases',
    current: -1,
    counter: '',
  };
  const nodes = new Map();
  const token = reviewToken();
  const review = token ? createReviewApi(token, (results) => applyResults(results)) : null;
  const approveAll = review
    ? approveAllButton(review, () => state.items.filter((i) => i.failing && i.canApprove).length)
    : null;
  const ctx = {
    modeOf: (key) => state.modes.get(key) || state.mode,
    setModeOf: (key, mode) => state.modes.set(key, mode),
    review,
  };
  const card = (item) => cachedCard(nodes, item, () => renderCard(item, ctx));

  const headerSlot = el('div', { id: 'header' });
  const toolbarSlot = el('div', { id: 'toolbar' });
  const main = el('main', { id: 'cases' });
  const sweepsMain = el('main', { id: 'sweeps', hidden: true });
  const help = el(
    'div',
    { class: 'help', id: 'help', hidden: true, role: 'dialog', 'aria-label': 'keyboard shortcuts' },
    [
      el('h2', { text: 'Keyboard' }),
      el(
        'dl',
        {},
        HELP.flatMap(([k, v]) => [el('dt', {}, [el('kbd', { text: k })]), el('dd', { text: v })]),
      ),
    ],
  );
  document.body.append(headerSlot, toolbarSlot, main, sweepsMain, help);
  const list = createList(main, card);
  const groups = () => sweepGroups(state.data, state.items);

  const handlers = {
    toggleStatus(s) {
      const f = state.filters.statuses;
      state.filters.statuses = f.includes(s) ? f.filter((x) => x !== s) : [...f, s];
      refresh();
    },
    setModel(m) {
      state.filters.model = m;
      refresh({ toolbar: true });
    },
    setSuite(s) {
      state.filters.suite = s;
      refresh();
    },
    setKind(k) {
      state.filters.kind = k;
      refresh();
    },
    search(q) {
      state.filters.query = q;
      refresh({ header: false });
    },
    setFailuresOnly(on) {
      state.filters.failuresOnly = on;
      refresh();
    },
    setMode(mode) {
      state.mode = mode;
      state.modes.clear();
      for (const node of nodes.values()) for (const viewer of node.viewers) viewer.setMode(mode);
    },
    setView(view) {
      state.view = view;
      refresh({ toolbar: true });
    },
    jump: (key) => reveal(key),
    help: () => {
      help.hidden = !help.hidden;
    },
  };

  function drawHeader() {
    headerSlot.replaceChildren(renderHeader(state.data, kind, state.items, state.filters, handlers));
    document.title = documentTitle(state.data, kind, state.items);
  }
  function drawToolbar() {
    toolbarSlot.replaceChildren(
      renderToolbar(
        state.items,
        state.filters,
        { kind, sweeps: groups().length, view: state.view, mode: state.mode, modes: MODES, review: approveAll },
        handlers,
      ),
    );
    showCounter();
  }

  /** The "N of M cases" counter sits in the toolbar, so every toolbar redraw puts it back. */
  function showCounter() {
    const shown = document.getElementById('shown');
    if (shown) shown.textContent = state.counter;
  }

  function refresh(options = {}) {
    if (options.header !== false) drawHeader();
    if (options.toolbar) drawToolbar();
    const visible = state.items.filter((i) => matchesFilters(i, state.filters));
    main.hidden = state.view !== 'cases';
    sweepsMain.hidden = state.view !== 'sweeps';
    if (state.view === 'cases') list.set(visible);
    const sweeps = state.view === 'sweeps' ? drawSweeps() : 0;
    state.current = -1;
    state.counter =
      state.view === 'cases'
        ? `${visible.length} of ${state.items.length} cases`
        : `${sweeps} of ${groups().length} sweeps`;
    showCounter();
  }

  function drawSweeps() {
    const f = state.filters;
    const words = f.query.toLowerCase().split(/\s+/).filter(Boolean);
    const wanted = groups().filter(
      (g) =>
        (!f.model || g.model === f.model) &&
        (!f.suite || g.suite === f.suite) &&
        words.every((w) => `${g.id} ${g.cells[0] ? g.cells[0].prompt : ''}`.toLowerCase().includes(w)),
    );
    sweepsMain.replaceChildren(
      ...(wanted.length > 0
        ? wanted.map(renderSweep)
        : [el('p', { class: 'empty', text: 'No sweep matches these filters.' })]),
    );
    return wanted.length;
  }

  /** After an approve or reject: redraw the changed cards where they are, keep the order until filters change. */
  function applyResults(results) {
    const before = new Map(state.items.map((i) => [i.key, JSON.stringify(i)]));
    state.data = results;
    state.items = itemsOf(results);
    for (const item of state.items) {
      if (before.get(item.key) === JSON.stringify(item)) continue;
      nodes.delete(item.key);
      list.update(item.key, item);
      list.replace(item.key, card(item));
    }
    drawHeader();
    if (approveAll) approveAll.refresh();
  }

  function focusIndex(index) {
    const node = list.reveal(index);
    if (!node) return;
    state.current = index;
    node.focus({ preventScroll: true });
    node.scrollIntoView({ block: 'start' });
  }

  function reveal(key) {
    if (key.startsWith('sweep:')) {
      if (state.view !== 'sweeps') handlers.setView('sweeps');
      document.getElementById(key)?.scrollIntoView();
      return;
    }
    if (state.view !== 'cases') handlers.setView('cases');
    let index = list.items().findIndex((i) => i.key === key);
    if (index < 0 && state.items.some((i) => i.key === key)) {
      state.filters = emptyFilters();
      refresh({ toolbar: true });
      index = list.items().findIndex((i) => i.key === key);
    }
    focusIndex(index);
  }

  const focusedCard = () => document.activeElement?.closest?.('article.case') || null;

  function currentItem() {
    const focused = focusedCard();
    const key = focused ? focused.dataset.key : list.items()[state.current]?.key;
    return state.items.find((i) => i.key === key) || null;
  }

  document.addEventListener('keydown', (event) => {
    const target = event.target;
    if (
      target instanceof HTMLInputElement ||
      target instanceof HTMLSelectElement ||
      target instanceof HTMLTextAreaElement
    ) {
      if (event.key === 'Escape') target.blur();
      return;
    }
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    const key = event.key;
    if (key === '/') {
      event.preventDefault();
      document.getElementById('search').focus();
    } else if (key === 'j' || key === 'k') {
      const focused = focusedCard();
      const at = focused ? list.items().findIndex((i) => i.key === focused.dataset.key) : state.current;
      focusIndex(Math.max(0, Math.min(list.items().length - 1, at + (key === 'j' ? 1 : -1))));
    } else if (key === 'f') {
      // The checkbox lives in the toolbar: redraw it too (the counter is kept, see showCounter).
      state.filters.failuresOnly = !state.filters.failuresOnly;
      refresh({ toolbar: true });
    } else if (key === 's' && groups().length > 0) {
      handlers.setView(state.view === 'cases' ? 'sweeps' : 'cases');
    } else if (key >= '1' && key <= '4') {
      const item = currentItem();
      const node = item && nodes.get(item.key);
      if (node) for (const viewer of node.viewers) viewer.setMode(MODES[Number(key) - 1][0]);
    } else if ((key === 'a' || key === 'x') && review) {
      const item = currentItem();
      if (item) (key === 'a' ? review.approve([item.key]) : review.reject(item.key)).catch(() => {});
    } else if (key === '?') {
      handlers.help();
    } else if (key === 'Escape') {
      help.hidden = true;
    }
  });

  window.addEventListener('hashchange', () => reveal(decodeURIComponent(location.hash.slice(1))));
  drawToolbar();
  refresh();
  performance.mark('seedsnap:first-screen');
  if (location.hash) reveal(decodeURIComponent(location.hash.slice(1)));
}
