// A long list drawn in chunks: the first screen renders at once, the rest as the reader scrolls toward it,
// so a report of thousands of cases opens as fast as one of twenty.
import { el } from './dom.js';

/** The first chunk fills a screen; later ones are drawn ahead of the reader, off the critical path. */
export const FIRST_CHUNK = 6;
export const CHUNK = 16;

export function createList(container, render) {
  let items = [];
  let rendered = 0;
  const sentinel = el('div', { class: 'sentinel', 'aria-hidden': 'true' });
  const empty = el('p', { class: 'empty', id: 'empty', text: 'No case matches these filters.', hidden: true });
  container.append(sentinel, empty);

  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) more();
    },
    { rootMargin: '1500px 0px' },
  );

  function more(count = CHUNK) {
    const end = Math.min(items.length, rendered + count);
    if (end === rendered) return;
    const fragment = document.createDocumentFragment();
    for (let i = rendered; i < end; i++) fragment.append(render(items[i]));
    container.insertBefore(fragment, sentinel);
    rendered = end;
    // Observing again reports the sentinel's current state, so a short chunk on a tall screen asks for another.
    observer.unobserve(sentinel);
    if (rendered < items.length) observer.observe(sentinel);
  }

  return {
    set(next) {
      items = next;
      rendered = 0;
      for (const node of [...container.children]) if (node !== sentinel && node !== empty) node.remove();
      empty.hidden = items.length > 0;
      more(FIRST_CHUNK);
    },
    /** Make sure item `index` is in the page (rendering the chunks before it) and return its node. */
    reveal(index) {
      if (index < 0 || index >= items.length) return null;
      if (index >= rendered) more(index - rendered + 1);
      return container.children[index] || null;
    },
    /** Put a fresh node in place of an item's old one, if it is drawn. */
    replace(key, node) {
      const index = items.findIndex((i) => i.key === key);
      if (index < 0 || index >= rendered) return;
      const old = container.children[index];
      if (old) old.replaceWith(node);
    },
    update(key, item) {
      const index = items.findIndex((i) => i.key === key);
      if (index >= 0) items[index] = item;
    },
    items: () => items,
    rendered: () => rendered,
  };
}
