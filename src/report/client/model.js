// The report's view model: a run (results.json) or an A/B comparison (comparison.json) becomes one list of
// items the page draws the same way. Pure functions, no DOM: the tests import this file directly.

export const VERDICT_ORDER = ['error', 'fail', 'stale', 'flaky', 'new', 'blocked', 'pass', 'not-run'];
/** Statuses whose name is not the label a reader expects. */
export const VERDICT_LABELS = { 'not-run': 'did not run' };
export const PAIR_ORDER = ['changed', 'error', 'only-a', 'only-b', 'same'];
export const PAIR_LABELS = {
  changed: 'changed',
  error: 'error',
  'only-a': 'only in A',
  'only-b': 'only in B',
  same: 'same',
};

export function reportKind(data) {
  return data && data.kind === 'comparison' ? 'comparison' : 'run';
}

const worstRatio = (images) => Math.max(0, ...images.map((i) => (i.metrics ? i.metrics.diffRatio || 0 : 0)));

function sideFigures(c) {
  return [
    ['latency', c.durationMs],
    ['generate', c.generateMs],
    ['attempts', c.attempts],
    ['revision', c.modelRevision],
    ['baseline variant', c.baselineVariant],
    // --repeat k: how much the k outputs of one request differ among themselves.
    ['repeats', c.repeat ? `${c.repeat.count} (${c.repeat.distinct} distinct)` : undefined],
    [
      'repeat spread',
      c.repeat ? `${c.repeat.maxDiffPixels} px (${(c.repeat.maxDiffRatio * 100).toFixed(3)}%)` : undefined,
    ],
  ].filter(([, v]) => v !== undefined && v !== null);
}

/** A clip's view: both clips and, once compared, every frame's verdict from results.json; null for an image. */
function videoView(i) {
  if (i.format !== 'mp4' && i.format !== 'webm' && !i.video) return null;
  const v = i.video || {};
  return {
    expected: i.expected || null,
    actual: i.actual || null,
    fps: v.fps || 1,
    frameCount: v.frameCount || 0,
    frames: v.frames || [],
    worst: v.worst || null,
    sampling: v.sampling || '',
    keyframes: v.keyframes || [],
    mismatches: v.mismatches || [],
  };
}

function runItem(c) {
  const images = c.images.map((i) => ({
    index: i.index,
    left: i.expected ? { src: i.expected, label: 'expected' } : null,
    right: i.actual ? { src: i.actual, label: i.updated ? 'actual (now the baseline)' : 'actual' } : null,
    diff: i.diff || null,
    width: i.width,
    height: i.height,
    metrics: i.metrics || null,
    gates: i.gates || [],
    verdict: i.verdict,
    note: i.reason || '',
    changes: i.changes || [],
    findings: i.findings || [],
    updated: Boolean(i.updated),
    video: videoView(i),
  }));
  return {
    key: c.id,
    title: c.id,
    status: c.verdict,
    label: c.verdict === 'blocked' && !c.failing ? 'blocked (expected)' : c.verdict,
    failing: Boolean(c.failing),
    suite: c.suite,
    model: c.modelLabel,
    prompt: c.request.prompt,
    negativePrompt: c.request.negative_prompt || '',
    reason: c.reason || '',
    request: c.request,
    images,
    figures: sideFigures(c),
    score: worstRatio(images),
    haystack: `${c.id} ${c.request.prompt} ${c.request.negative_prompt || ''}`.toLowerCase(),
    review: c.review || null,
    canApprove: c.expect !== 'blocked' && c.images.some((i) => i.actual),
    sweep: c.sweep || null,
    kinds: kindsOf(images),
  };
}

/** The kinds of change the comparator found in any image of an item, in the order findings are ranked. */
const KIND_ORDER = ['content', 'shift', 'exposure', 'colour', 'blur', 'sharpen', 'region'];
function kindsOf(images) {
  const found = new Set(images.flatMap((i) => (i.findings || []).map((f) => f.kind)));
  return [...KIND_ORDER.filter((k) => found.has(k)), ...[...found].filter((k) => !KIND_ORDER.includes(k))];
}

/** Every kind of change found in the report, for the filter. */
export function kindsPresent(items) {
  const found = new Set(items.flatMap((i) => i.kinds || []));
  return [...KIND_ORDER.filter((k) => found.has(k)), ...[...found].filter((k) => !KIND_ORDER.includes(k))];
}

/** A case --max-failures kept from starting: its request, why, and nothing measured. */
function notRunItem(n) {
  return {
    key: n.id,
    title: n.id,
    status: 'not-run',
    label: VERDICT_LABELS['not-run'],
    failing: false,
    suite: n.suite,
    model: n.modelLabel,
    prompt: n.request.prompt,
    negativePrompt: n.request.negative_prompt || '',
    reason: n.reason || '',
    request: n.request,
    images: [],
    figures: [],
    score: 0,
    haystack: `${n.id} ${n.request.prompt} ${n.request.negative_prompt || ''}`.toLowerCase(),
    review: null,
    canApprove: false,
    sweep: n.sweep || null,
  };
}

export function itemsFromRun(results) {
  return sortItems([...results.cases.map(runItem), ...(results.notRun || []).map(notRunItem)], VERDICT_ORDER);
}

function pairItem(p, data) {
  const images = p.images.map((i) => ({
    index: i.index,
    left: i.a ? { src: i.a, label: `A · ${data.a.runId}` } : null,
    right: i.b ? { src: i.b, label: `B · ${data.b.runId}` } : null,
    diff: i.diff || null,
    width: i.width,
    height: i.height,
    metrics: i.metrics || null,
    gates: i.gates || [],
    verdict: null,
    note: i.reason || '',
    changes: [],
    findings: i.findings || [],
    updated: false,
  }));
  const model =
    p.a && p.b && p.a.modelLabel !== p.b.modelLabel ? `${p.a.modelLabel} → ${p.b.modelLabel}` : (p.b || p.a).modelLabel;
  const figures = [];
  for (const [side, name] of [
    [p.a, 'A'],
    [p.b, 'B'],
  ]) {
    if (!side) continue;
    figures.push([`${name} verdict`, side.verdict]);
    for (const [label, value] of sideFigures(side)) figures.push([`${name} ${label}`, value]);
  }
  const ids = [p.a?.id, p.b?.id].filter(Boolean);
  return {
    key: p.id,
    title: p.id,
    status: p.status,
    label: PAIR_LABELS[p.status] || p.status,
    failing: p.status !== 'same',
    suite: p.suite,
    model,
    prompt: p.request.prompt,
    negativePrompt: p.request.negative_prompt || '',
    reason: p.reason || '',
    request: p.request,
    images,
    figures,
    score: p.diffRatio || 0,
    haystack: `${ids.join(' ')} ${p.request.prompt} ${p.request.negative_prompt || ''}`.toLowerCase(),
    review: null,
    canApprove: false,
    sweep: p.sweep || null,
    kinds: kindsOf(images),
  };
}

export function itemsFromComparison(data) {
  return sortItems(
    data.pairs.map((p) => pairItem(p, data)),
    PAIR_ORDER,
  );
}

export function itemsOf(data) {
  return reportKind(data) === 'comparison' ? itemsFromComparison(data) : itemsFromRun(data);
}

/** Failures first, then by status order, then by how much differs, then by id. */
export function sortItems(items, order) {
  return [...items].sort(
    (a, b) =>
      Number(b.failing) - Number(a.failing) ||
      order.indexOf(a.status) - order.indexOf(b.status) ||
      b.score - a.score ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

export function emptyFilters() {
  return { statuses: [], model: '', suite: '', kind: '', query: '', failuresOnly: false };
}

/** Every word of the query must appear in the id or the prompt. */
export function matchesFilters(item, filters) {
  if (filters.failuresOnly && !item.failing) return false;
  if (filters.statuses.length > 0 && !filters.statuses.includes(item.status)) return false;
  if (filters.model && item.model !== filters.model) return false;
  if (filters.suite && item.suite !== filters.suite) return false;
  if (filters.kind && !(item.kinds || []).includes(filters.kind)) return false;
  const words = filters.query.toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((word) => item.haystack.includes(word));
}

export function countBy(items, pick) {
  const counts = new Map();
  for (const item of items) {
    const key = pick(item);
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  return counts;
}

/** Rows of model × status counts for the summary table. */
export function modelTable(items, order) {
  const models = [...new Set(items.map((i) => i.model))].sort();
  const statuses = order.filter((s) => items.some((i) => i.status === s));
  const rows = models.map((model) => {
    const mine = items.filter((i) => i.model === model);
    const counts = countBy(mine, (i) => i.status);
    return { model, total: mine.length, failing: mine.filter((i) => i.failing).length, counts };
  });
  return { statuses, rows };
}

/**
 * Sweep grids. A run carries them in results.json (with each cell's distance to its reference); a comparison
 * groups its pairs by swept case, and a cell's figure is the A/B difference.
 */
export function sweepGroups(data, items) {
  const byKey = new Map(items.map((i) => [i.key, i]));
  if (reportKind(data) === 'run') {
    return (data.sweeps || []).map((s) => ({
      id: s.id,
      suite: s.suite,
      model: s.modelLabel,
      axes: s.axes,
      tolerance: s.tolerance,
      figure: 'difference from the reference cell',
      cells: s.cells.map((c) => ({
        key: c.id,
        values: c.values,
        status: c.verdict,
        src: c.actual || null,
        diff: c.diff || null,
        metrics: c.metrics || null,
        reference: c.reference || null,
        isReference: c.reference === c.id,
        close: Boolean(c.close),
        cost: c.cost,
        reason: c.reason || '',
        prompt: byKey.has(c.id) ? byKey.get(c.id).prompt : '',
        width: byKey.has(c.id) && byKey.get(c.id).images[0] ? byKey.get(c.id).images[0].width : undefined,
      })),
    }));
  }
  const groups = new Map();
  for (const p of data.pairs) {
    if (!p.sweep) continue;
    const side = p.b || p.a;
    // The grid's id comes with the data (seedsnap builds every id in one place); the page never makes one.
    const id = p.sweepId || p.id;
    const group = groups.get(id) || { id, suite: p.suite, model: side.modelLabel, axes: [], cells: [] };
    for (const [param, value] of Object.entries(p.sweep)) {
      let axis = group.axes.find((a) => a.param === param);
      if (!axis) {
        axis = { param, values: [] };
        group.axes.push(axis);
      }
      if (!axis.values.includes(value)) axis.values.push(value);
    }
    const image = p.images[0] || {};
    group.cells.push({
      key: p.id,
      values: p.sweep,
      status: p.status,
      src: image.b || image.a || null,
      diff: image.diff || null,
      metrics: image.metrics || null,
      reference: null,
      isReference: false,
      close: p.status === 'same',
      cost: 0,
      reason: p.reason || '',
      prompt: p.request.prompt,
      width: image.width,
    });
    groups.set(id, group);
  }
  return [...groups.values()].map((g) => ({ ...g, figure: 'difference between A and B', tolerance: null }));
}

/** For each reference, the cheapest cell close to it: the setting a user could switch to. */
export function cheapestClose(cells) {
  const best = new Map();
  for (const c of cells) {
    if (!c.reference || !c.close) continue;
    const current = best.get(c.reference);
    if (!current || c.cost < current.cost) best.set(c.reference, c);
  }
  return new Set([...best.values()].map((c) => c.key));
}

/** Split a sweep into grids: rows × columns from the first two axes, one grid per setting of any others. */
export function gridLayout(group) {
  // One parameter: a strip, its values across.
  const [rows, cols, ...rest] = group.axes.length === 1 ? [null, group.axes[0]] : group.axes;
  let combos = [{}];
  for (const axis of rest) {
    combos = combos.flatMap((combo) => axis.values.map((v) => ({ ...combo, [axis.param]: v })));
  }
  const same = (a, b) => a === b;
  return combos.map((fixed) => {
    const inGrid = group.cells.filter((c) => Object.entries(fixed).every(([k, v]) => same(c.values[k], v)));
    const find = (r, col) =>
      inGrid.find((c) => (!rows || same(c.values[rows.param], r)) && (!cols || same(c.values[cols.param], col))) ||
      null;
    const rowValues = rows ? rows.values : [null];
    const colValues = cols ? cols.values : [null];
    return {
      fixed,
      rows: rows || null,
      cols: cols || null,
      cells: rowValues.map((r) => colValues.map((col) => find(r, col))),
    };
  });
}
