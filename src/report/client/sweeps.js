// Sweep grids: rows × columns for two swept parameters (a strip for one), each cell its image and verdict;
// the convergence view shows each cell's difference from its reference cell instead.
import { el, formatMetric, imageUrl } from './dom.js';
import { cheapestClose, gridLayout } from './model.js';

const CELL_SIZE = 160;
const label = (v) => (v === null || v === undefined ? '' : String(v));

function cellNode(cell, cheapest, showConvergence) {
  if (!cell) return el('td', { class: 'cell missing', text: '—' });
  const src = showConvergence && cell.diff ? cell.diff : cell.src;
  const ratio = cell.metrics ? formatMetric('diffRatio', cell.metrics.diffRatio) : '';
  const marks = [
    cell.isReference ? el('span', { class: 'mark ref', text: 'reference', title: 'the most expensive setting' }) : null,
    cheapest.has(cell.key) && !cell.isReference
      ? el('span', {
          class: 'mark cheapest',
          text: 'cheapest close',
          title: 'the cheapest cell close to its reference',
        })
      : null,
  ];
  const figure = cell.metrics
    ? el('span', {
        class: `delta${cell.close ? ' close' : ''}`,
        text: `Δ ${ratio}${cell.metrics.psnr !== undefined && cell.metrics.psnr < 100 ? ` · ${cell.metrics.psnr.toFixed(1)} dB` : ''}`,
        title: 'pixels that differ, and PSNR against the reference',
      })
    : el('span', { class: 'delta none', text: cell.reason || '' });
  return el(
    'td',
    {
      class: `cell s-${cell.status}${cell.close ? ' close' : ''}${cell.isReference ? ' reference' : ''}`,
      'data-key': cell.key,
    },
    [
      el('a', { href: `#${encodeURIComponent(cell.key)}`, title: cell.key }, [
        src
          ? el('img', {
              src: imageUrl(src),
              alt: cell.key,
              loading: 'lazy',
              decoding: 'async',
              // Small images are scaled up without smoothing, so single pixels stay visible.
              class: cell.width && cell.width < CELL_SIZE ? 'pixelated' : '',
            })
          : el('div', { class: 'noimage', text: 'no image' }),
      ]),
      el('div', { class: 'cell-meta' }, [el('span', { class: `badge ${cell.status}`, text: cell.status }), figure]),
      el('div', { class: 'cell-marks' }, marks),
    ],
  );
}

function gridTable(grid, cheapest, showConvergence) {
  const { rows, cols } = grid;
  const corner = el('th', {
    class: 'corner',
    text: [rows?.param, cols?.param].filter(Boolean).join(' ↓ · → '),
  });
  const head = el('tr', {}, [
    rows ? corner : null,
    ...(cols ? cols.values : [null]).map((v) =>
      el('th', { scope: 'col', text: cols ? `${cols.param}=${label(v)}` : '' }),
    ),
  ]);
  const body = grid.cells.map((line, r) =>
    el('tr', {}, [
      rows ? el('th', { scope: 'row', text: `${rows.param}=${label(rows.values[r])}` }) : null,
      ...line.map((cell) => cellNode(cell, cheapest, showConvergence)),
    ]),
  );
  const fixed = Object.entries(grid.fixed);
  return el('div', { class: 'grid-wrap' }, [
    fixed.length > 0 ? el('h4', { text: fixed.map(([k, v]) => `${k}=${label(v)}`).join(', ') }) : null,
    el('table', { class: 'sweep-grid', 'data-rows': grid.cells.length, 'data-cols': (grid.cells[0] || []).length }, [
      el('thead', {}, [head]),
      el('tbody', {}, body),
    ]),
  ]);
}

export function renderSweep(group) {
  const cheapest = cheapestClose(group.cells);
  const grids = el('div', { class: 'grids' });
  let convergence = false;
  const draw = () => grids.replaceChildren(...gridLayout(group).map((g) => gridTable(g, cheapest, convergence)));
  const toggle = el('div', { class: 'modes', role: 'tablist' }, [
    el('button', { type: 'button', role: 'tab', 'data-view': 'images', text: 'images', 'aria-selected': 'true' }),
    el('button', {
      type: 'button',
      role: 'tab',
      'data-view': 'convergence',
      text: 'convergence',
      'aria-selected': 'false',
    }),
  ]);
  for (const button of toggle.children) {
    button.addEventListener('click', () => {
      convergence = button.dataset.view === 'convergence';
      for (const b of toggle.children) b.setAttribute('aria-selected', String(b === button));
      draw();
    });
  }
  draw();
  const tol = group.tolerance;
  const legend = tol
    ? `Δ: share of pixels that differ from the reference cell (the most expensive setting for the same other parameters); close: at most ${formatMetric('ratio', tol.max_diff_ratio)} at threshold ${tol.threshold}${tol.min_psnr ? ` and PSNR at least ${tol.min_psnr} dB` : ''}.`
    : `Δ: ${group.figure}.`;
  const axes = group.axes.map((a) => `${a.param} (${a.values.length})`).join(' × ');
  return el('section', { class: 'sweep', id: `sweep:${group.id}`, 'data-sweep': group.id }, [
    el('h2', {}, [el('span', { class: 'badge sweep-badge', text: 'sweep' }), el('span', { text: group.id })]),
    el('p', { class: 'prompt' }, [
      el('span', { class: 'label', text: 'prompt ' }),
      el('span', { text: group.cells[0] ? group.cells[0].prompt : '' }),
    ]),
    el('p', { class: 'muted', text: `${axes} · ${legend}` }),
    toggle,
    grids,
  ]);
}
