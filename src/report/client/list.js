// A long list drawn as a window: only the cards near the screen are in the page (never more than MAX_CARDS),
// and the cards above and below stand as two spacers of their height (measured once drawn, estimated until
// then). So a report of 10,000 cases scrolls, filters and jumps to a case like one of twenty: the page holds
// the same few dozen cards wherever the reader is. A list short enough to fit in the window keeps every card
// once drawn, as a plain page would.
import { el } from './dom.js';

/** The most cards in the page at once. */
export const MAX_CARDS = 40;
/** Cards are drawn this far (px) above and below the screen, so scrolling never shows a blank. */
export const MARGIN = 600;
/** A card's height before it is measured (px; the stylesheet's intrinsic size of a card). */
const ESTIMATE = 420;

export function createList(container, render) {
  let items = [];
  /** Measured heights by key, gap included: they outlive a filter change. */
  const measured = new Map();
  let heights = new Float64Array(0);
  let offsets = new Float64Array(1);
  let stale = true;
  let start = 0;
  let end = 0;
  /** index → node, for the cards in the page. */
  const drawn = new Map();
  const keyOf = new WeakMap();
  const top = el('div', { class: 'spacer', 'aria-hidden': 'true' });
  const bottom = el('div', { class: 'spacer', 'aria-hidden': 'true' });
  const sentinel = el('div', { class: 'sentinel', 'aria-hidden': 'true' });
  const empty = el('p', { class: 'empty', id: 'empty', text: 'No case matches these filters.', hidden: true });
  container.append(top, bottom, sentinel, empty);
  // Read once: getComputedStyle in a scroll frame forces a style recalculation of the page.
  let gapPx;
  const gap = () => {
    gapPx ??= Number.parseFloat(getComputedStyle(container).rowGap) || 0;
    return gapPx;
  };

  const resized = new ResizeObserver((entries) => {
    const g = gap();
    for (const entry of entries) {
      const key = keyOf.get(entry.target);
      const height = entry.borderBoxSize?.[0]?.blockSize ?? entry.target.getBoundingClientRect().height;
      if (key === undefined || height === 0) continue;
      measured.set(key, height + g);
    }
    refreshHeights();
    // The spacers moved with the new heights: the window may no longer cover the screen.
    schedule();
  });

  /**
   * The height of a card not yet measured: the mean of the first cards measured, then fixed. A running mean
   * would move every spacer by thousands of pixels at each new card (3,000 cards × 1 px), and the screen
   * would slide off the window.
   */
  let guess = 0;
  function estimate() {
    if (guess > 0) return guess;
    if (measured.size === 0) return ESTIMATE + gap();
    let sum = 0;
    for (const h of measured.values()) sum += h;
    guess = sum / measured.size;
    return guess;
  }

  /**
   * Cards of one shape (verdict, images, kinds of change found) are about one height, and shapes differ a lot
   * (a failing card with its findings is taller than a pass): each shape's guess is the mean of its first
   * cards measured, then fixed, as the overall guess is.
   */
  const guesses = new Map();
  const shapeOfKey = new Map();
  const shapeOf = (item) =>
    `${item.status}|${item.images ? item.images.length : 0}|${item.kinds ? item.kinds.length : 0}`;

  function refreshHeights() {
    const sums = new Map();
    for (const [key, h] of measured) {
      const shape = shapeOfKey.get(key);
      if (shape === undefined || guesses.has(shape)) continue;
      const sum = sums.get(shape) ?? [0, 0];
      sum[0] += h;
      sum[1]++;
      sums.set(shape, sum);
    }
    for (const [shape, [sum, n]] of sums) guesses.set(shape, sum / n);
    const guess = estimate();
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      heights[i] = measured.get(item.key) ?? (guesses.size > 0 ? guesses.get(shapeOf(item)) : undefined) ?? guess;
    }
    stale = true;
    sizeSpacers();
  }

  function offsetsNow() {
    if (stale) {
      offsets = new Float64Array(items.length + 1);
      for (let i = 0; i < items.length; i++) offsets[i + 1] = offsets[i] + heights[i];
      stale = false;
    }
    return offsets;
  }

  /** The index of the card at list position y (px from the first card's top). */
  function indexAt(y) {
    const o = offsetsNow();
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (o[mid + 1] <= y) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(lo, Math.max(0, items.length - 1));
  }

  function sizeSpacers() {
    const o = offsetsNow();
    top.style.height = `${Math.max(0, o[start] - (start > 0 ? gap() : 0))}px`;
    top.hidden = start === 0;
    bottom.style.height = `${Math.max(0, o[items.length] - o[end] - gap())}px`;
    bottom.hidden = end >= items.length;
  }

  function nodeFor(index) {
    let node = drawn.get(index);
    if (!node) {
      node = render(items[index]);
      keyOf.set(node, items[index].key);
      shapeOfKey.set(items[index].key, shapeOf(items[index]));
      drawn.set(index, node);
      resized.observe(node);
    }
    return node;
  }

  /** Put exactly the cards [from, to) in the page, reusing the ones already there. */
  function draw(from, to) {
    for (const [index, node] of drawn) {
      if (index >= from && index < to) continue;
      resized.unobserve(node);
      node.remove();
      drawn.delete(index);
    }
    // What is left is a run of the wanted cards in order: walk it, slotting new cards in where they belong.
    let cursor = top.nextSibling;
    for (let i = from; i < to; i++) {
      const node = nodeFor(i);
      if (node === cursor) cursor = cursor.nextSibling;
      else container.insertBefore(node, cursor);
    }
    start = from;
    end = to;
    sizeSpacers();
  }

  /** The cards the screen needs now, with MARGIN around; a short list only ever grows. */
  function update() {
    if (items.length === 0) return;
    const g = gap();
    // Where the first card's top is (or would be), in the viewport's coordinates: the top spacer stands for
    // exactly the cards above the window, so the window's own position does not matter.
    const anchor = top.hidden ? drawn.get(start) || (bottom.hidden ? sentinel : bottom) : top;
    const listTop = anchor.getBoundingClientRect().top;
    const first = indexAt(-listTop - MARGIN);
    const last = indexAt(window.innerHeight - listTop + MARGIN - g);
    if (items.length <= MAX_CARDS) {
      if (last + 1 > end) draw(0, last + 1);
      return;
    }
    if (first >= start && last < end) return;
    const from = Math.max(0, Math.min(first, items.length - 1));
    draw(from, Math.min(items.length, from + MAX_CARDS, Math.max(last + 1, from + 1)));
  }

  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      update();
    });
  }
  window.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule);

  return {
    set(next) {
      items = next;
      heights = new Float64Array(items.length);
      draw(0, 0);
      refreshHeights();
      empty.hidden = items.length > 0;
      update();
    },
    /** Make sure item `index` is in the page (the window moves to it) and return its node. */
    reveal(index) {
      if (index < 0 || index >= items.length) return null;
      if (index < start || index >= end) {
        if (items.length <= MAX_CARDS) draw(0, Math.max(end, index + 1));
        else draw(Math.max(0, index - 1), Math.min(items.length, Math.max(0, index - 1) + MAX_CARDS / 2));
      }
      return drawn.get(index) || null;
    },
    /** Put a fresh node in place of an item's old one, if it is drawn. */
    replace(key, node) {
      const index = items.findIndex((i) => i.key === key);
      const old = drawn.get(index);
      if (!old) return;
      resized.unobserve(old);
      old.replaceWith(node);
      keyOf.set(node, key);
      drawn.set(index, node);
      resized.observe(node);
    },
    update(key, item) {
      const index = items.findIndex((i) => i.key === key);
      if (index >= 0) items[index] = item;
    },
    items: () => items,
    /** Cards in the page now. */
    rendered: () => drawn.size,
  };
}
