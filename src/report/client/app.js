// The report is a view of results.json, embedded in the page so that it opens from file://.
// Every string from the run (prompts, ids, reasons) is inserted as text, never as HTML.
(() => {
  const data = JSON.parse(document.getElementById('seedsnap-data').textContent);
  const ORDER = ['error', 'fail', 'stale', 'flaky', 'new', 'blocked', 'pass'];
  const state = { verdicts: new Set(), model: '', suite: '', query: '', failuresOnly: false };

  const el = (tag, props = {}, children = []) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'text') node.textContent = value;
      else if (key === 'class') node.className = value;
      else if (key.startsWith('data-') || key.startsWith('aria-')) node.setAttribute(key, value);
      else node[key] = value;
    }
    for (const child of children) if (child) node.append(child);
    return node;
  };

  const percent = (ratio) => {
    const p = ratio * 100;
    if (p === 0) return '0%';
    return p < 0.01 ? `${p.toPrecision(2)}%` : `${p.toFixed(p < 1 ? 3 : 2)}%`;
  };
  const worstRatio = (c) => Math.max(0, ...c.images.map((i) => (i.metrics ? i.metrics.diffRatio : 0)));
  const sorted = [...data.cases].sort(
    (a, b) =>
      Number(b.failing) - Number(a.failing) ||
      ORDER.indexOf(a.verdict) - ORDER.indexOf(b.verdict) ||
      worstRatio(b) - worstRatio(a) ||
      (a.id < b.id ? -1 : 1),
  );

  function header() {
    const s = data.summary;
    const title = `seedsnap — ${data.suites.map((x) => x.name).join(', ')}`;
    const headline = s.failing === 0 ? `all ${s.total} cases good` : `${s.failing} of ${s.total} cases failing`;
    const counts = el(
      'div',
      { class: 'counts', 'aria-label': 'verdicts' },
      ORDER.filter((v) => s.byVerdict[v] > 0).map((v) => {
        const chip = el(
          'button',
          { class: `chip v-${v}`, type: 'button', 'data-verdict': v, 'aria-pressed': 'false' },
          [el('span', { class: `badge ${v}`, text: v }), el('span', { class: 'n', text: String(s.byVerdict[v]) })],
        );
        chip.addEventListener('click', () => {
          if (state.verdicts.has(v)) state.verdicts.delete(v);
          else state.verdicts.add(v);
          chip.setAttribute('aria-pressed', String(state.verdicts.has(v)));
          update();
        });
        return chip;
      }),
    );
    const byModel = new Map();
    for (const c of data.cases) {
      const m = byModel.get(c.modelLabel) || { total: 0, failing: 0 };
      m.total++;
      if (c.failing) m.failing++;
      byModel.set(c.modelLabel, m);
    }
    const models = el(
      'div',
      { class: 'models', 'aria-label': 'models' },
      [...byModel].map(([name, m]) =>
        el('span', { class: 'chip', text: `${name}: ${m.failing} failing / ${m.total}` }),
      ),
    );
    document.title = `${s.failing === 0 ? '✓' : '✗'} ${title}`;
    return el('header', { class: 'run' }, [
      el('h1', { text: `${title}: ${headline}` }),
      el('div', {
        class: 'meta',
        text: `run ${data.runId} · ${data.startedAt} · ${(data.durationMs / 1000).toFixed(1)} s · ${s.images} images${data.status === 'interrupted' ? ' · interrupted' : ''}`,
      }),
      counts,
      models,
    ]);
  }

  function toolbar() {
    const search = el('input', { type: 'search', placeholder: 'Search prompt or id  ( / )', id: 'search' });
    search.addEventListener('input', () => {
      state.query = search.value.trim().toLowerCase();
      update();
    });
    const select = (id, label, values, key) => {
      const s = el('select', { id, 'aria-label': label }, [
        el('option', { value: '', text: `all ${label}s` }),
        ...values.map((v) => el('option', { value: v, text: v })),
      ]);
      s.addEventListener('change', () => {
        state[key] = s.value;
        update();
      });
      return s;
    };
    const failures = el('input', { type: 'checkbox', id: 'failures-only' });
    failures.addEventListener('change', () => {
      state.failuresOnly = failures.checked;
      update();
    });
    return el('nav', { class: 'toolbar' }, [
      search,
      select('model-filter', 'model', [...new Set(data.cases.map((c) => c.modelLabel))], 'model'),
      select(
        'suite-filter',
        'suite',
        data.suites.map((x) => x.name),
        'suite',
      ),
      el('label', {}, [failures, document.createTextNode(' failures only')]),
      el('span', { class: 'shown', id: 'shown' }),
    ]);
  }

  function figure(src, caption) {
    return el('figure', {}, [
      el('a', { href: src, target: '_blank' }, [el('img', { src, loading: 'lazy', alt: caption, decoding: 'async' })]),
      el('figcaption', { text: caption }),
    ]);
  }

  function card(c) {
    const ratio = worstRatio(c);
    const metrics = c.images.find((i) => i.metrics);
    const figures = [
      metrics ? `${metrics.metrics.diffPixels.toLocaleString()} px differ (${percent(ratio)})` : '',
      `${c.durationMs} ms`,
      c.attempts > 1 ? `${c.attempts} attempts` : '',
    ].filter(Boolean);
    const badge = c.verdict === 'blocked' && !c.failing ? 'blocked (expected)' : c.verdict;
    const images = el(
      'div',
      { class: 'images' },
      c.images.flatMap((i) => {
        const suffix = c.images.length > 1 ? ` #${i.index}` : '';
        return [
          i.expected ? figure(i.expected, `expected${suffix}`) : null,
          i.actual ? figure(i.actual, `actual${suffix}${i.updated ? ' (new baseline)' : ''}`) : null,
          i.diff ? figure(i.diff, `diff${suffix}`) : null,
        ].filter(Boolean);
      }),
    );
    return el('article', { class: `case v-${c.verdict}`, id: c.id, tabIndex: -1, 'data-verdict': c.verdict }, [
      el('h2', {}, [
        el('span', { class: `badge ${c.failing || c.verdict === 'pass' ? c.verdict : c.verdict}`, text: badge }),
        el('a', { href: `#${encodeURIComponent(c.id)}`, text: c.id }),
        el('span', { class: 'figures', text: figures.join(' · ') }),
      ]),
      el('p', { class: 'prompt', text: c.request.prompt }),
      c.reason ? el('p', { class: 'reason', text: c.reason }) : null,
      images,
      el('details', {}, [el('summary', { text: 'request' }), el('pre', { text: JSON.stringify(c.request, null, 2) })]),
    ]);
  }

  const list = el('main', { id: 'cases' });
  const cards = sorted.map((c) => ({ c, node: card(c), haystack: `${c.id} ${c.request.prompt}`.toLowerCase() }));

  function visible({ c, haystack }) {
    if (state.failuresOnly && !c.failing) return false;
    if (state.verdicts.size > 0 && !state.verdicts.has(c.verdict)) return false;
    if (state.model && c.modelLabel !== state.model) return false;
    if (state.suite && c.suite !== state.suite) return false;
    if (state.query && !state.query.split(/\s+/).every((word) => haystack.includes(word))) return false;
    return true;
  }

  function update() {
    let shown = 0;
    for (const entry of cards) {
      const show = visible(entry);
      entry.node.hidden = !show;
      if (show) shown++;
    }
    document.getElementById('shown').textContent = `${shown} of ${cards.length} cases`;
    document.getElementById('empty').hidden = shown !== 0;
  }

  document.body.append(header(), toolbar(), list);
  for (const { node } of cards) list.append(node);
  list.append(el('p', { class: 'empty', id: 'empty', text: 'No case matches these filters.', hidden: true }));
  update();

  document.addEventListener('keydown', (event) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) {
      if (event.key === 'Escape') event.target.blur();
      return;
    }
    if (event.key === '/') {
      event.preventDefault();
      document.getElementById('search').focus();
      return;
    }
    if (event.key !== 'j' && event.key !== 'k') return;
    const shown = cards.filter((entry) => !entry.node.hidden).map((entry) => entry.node);
    const current = shown.indexOf(document.activeElement);
    const next = shown[Math.max(0, Math.min(shown.length - 1, current + (event.key === 'j' ? 1 : -1)))];
    if (next) {
      next.focus();
      next.scrollIntoView({ block: 'start' });
    }
  });
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
})();
