// Image comparison views for one image of a case: side by side, a swipe slider, blink and onion skin.
import { el, imageUrl } from './dom.js';

export const MODES = [
  ['side', 'side by side'],
  ['slider', 'slider'],
  ['blink', 'blink'],
  ['onion', 'onion skin'],
];

/** Images smaller than their box are scaled up without smoothing, so single pixels stay visible. */
const DISPLAY = 256;

function image(src, alt, view) {
  const props = { src: imageUrl(src), alt, loading: 'lazy', decoding: 'async', draggable: false };
  if (view.width && view.height) {
    props.width = view.width;
    props.height = view.height;
  }
  const node = el('img', props);
  if (view.width && view.width < DISPLAY) node.classList.add('pixelated');
  return node;
}

function figure(side, view, cls) {
  return el('figure', { class: cls }, [
    el('a', { href: imageUrl(side.src), target: '_blank', rel: 'noopener' }, [image(side.src, side.label, view)]),
    el('figcaption', { text: side.label }),
  ]);
}

function sideBySide(view) {
  return el('div', { class: 'side' }, [
    view.left ? figure(view.left, view, 'left') : null,
    view.right ? figure(view.right, view, 'right') : null,
    view.diff ? figure({ src: view.diff, label: 'diff' }, view, 'diff') : null,
  ]);
}

function stage(view, extra = []) {
  const base = image(view.left.src, view.left.label, view);
  const top = image(view.right.src, view.right.label, view);
  base.classList.add('base');
  top.classList.add('top');
  return { node: el('div', { class: 'stage' }, [base, top, ...extra]), top };
}

function slider(view) {
  const handle = el('div', { class: 'handle', 'aria-hidden': 'true' });
  const { node, top } = stage(view, [handle]);
  const range = el('input', { type: 'range', min: 0, max: 100, value: 50, class: 'slider-range' });
  range.setAttribute('aria-label', `slider: ${view.left.label} on the left, ${view.right.label} on the right`);
  const set = (x) => {
    const value = Math.max(0, Math.min(100, x));
    range.value = String(value);
    top.style.clipPath = `inset(0 0 0 ${value}%)`;
    handle.style.left = `${value}%`;
    node.dataset.position = String(Math.round(value));
  };
  range.addEventListener('input', () => set(Number(range.value)));
  const fromPointer = (event) => {
    const box = node.getBoundingClientRect();
    set(((event.clientX - box.left) / box.width) * 100);
  };
  node.addEventListener('pointerdown', (event) => {
    node.setPointerCapture(event.pointerId);
    fromPointer(event);
  });
  node.addEventListener('pointermove', (event) => {
    if (event.buttons & 1) fromPointer(event);
  });
  set(50);
  return el('div', { class: 'slider' }, [
    node,
    el('div', { class: 'controls' }, [
      el('span', { text: view.left.label }),
      range,
      el('span', { text: view.right.label }),
    ]),
  ]);
}

function blink(view) {
  const { node, top } = stage(view);
  const shown = el('span', { class: 'shown-side' });
  const show = (right) => {
    top.style.visibility = right ? 'visible' : 'hidden';
    shown.textContent = right ? view.right.label : view.left.label;
    node.dataset.side = right ? 'right' : 'left';
  };
  let right = true;
  const toggle = () => {
    right = !right;
    show(right);
  };
  const play = el('input', { type: 'checkbox', checked: true });
  // One timer per visible blink view; it ends itself once the view leaves the page.
  const timer = setInterval(() => {
    if (!node.isConnected) clearInterval(timer);
    else if (play.checked) toggle();
  }, 700);
  node.addEventListener('click', () => {
    play.checked = false;
    toggle();
  });
  show(true);
  return el('div', { class: 'blink' }, [
    node,
    el('div', { class: 'controls' }, [
      el('button', { type: 'button', text: 'toggle', onclick: toggle }),
      el('label', {}, [play, ' blink']),
      shown,
    ]),
  ]);
}

function onion(view) {
  const { node, top } = stage(view);
  const range = el('input', { type: 'range', min: 0, max: 100, value: 50, class: 'onion-range' });
  range.setAttribute('aria-label', `opacity of ${view.right.label}`);
  const set = () => {
    top.style.opacity = String(Number(range.value) / 100);
  };
  range.addEventListener('input', set);
  set();
  return el('div', { class: 'onion' }, [
    node,
    el('div', { class: 'controls' }, [
      el('span', { text: view.left.label }),
      range,
      el('span', { text: view.right.label }),
    ]),
  ]);
}

/** The comparison of one image, with its mode tabs. `onMode` lets the page remember a card's mode. */
export function createViewer(view, mode, onMode) {
  const pairable = Boolean(view.left && view.right);
  const box = el('div', { class: 'viewer', 'data-mode': pairable ? mode : 'side' });
  const body = el('div', { class: 'viewer-body' });
  const tabs = el(
    'div',
    { class: 'modes', role: 'tablist' },
    MODES.map(([id, label], n) =>
      el('button', {
        type: 'button',
        role: 'tab',
        'data-mode': id,
        text: label,
        title: `${label} (${n + 1})`,
        'aria-selected': String(id === mode),
        disabled: !pairable && id !== 'side',
        onclick: () => setMode(id),
      }),
    ),
  );
  function setMode(next) {
    const m = pairable ? next : 'side';
    box.dataset.mode = m;
    for (const tab of tabs.children) tab.setAttribute('aria-selected', String(tab.dataset.mode === m));
    const views = { side: sideBySide, slider, blink, onion };
    const main = (views[m] || sideBySide)(view);
    // Beside a slider, blink or onion view, the diff still shows where to look.
    const diff = m !== 'side' && view.diff ? figure({ src: view.diff, label: 'diff' }, view, 'diff') : null;
    body.replaceChildren(el('div', { class: 'stage-row' }, [main, diff]));
    if (onMode) onMode(m);
  }
  // append() turns null into the text "null": only a pair gets the mode tabs.
  if (pairable) box.append(tabs);
  box.append(body);
  box.setMode = setMode;
  setMode(mode);
  return box;
}
