/**
 * JSON of a large record in pieces, one per element of its one long list (a run's cases, a comparison's
 * pairs), exactly as JSON.stringify writes the whole: a 10,000-case run no longer builds its results.json
 * and report data as strings of tens of megabytes each (and their copies) at the very end of the run,
 * which was the run's peak of memory. The list may be any iterable (a run's cases read back from its journal
 * one at a time): it is written as JSON.stringify writes the array of its elements.
 *
 * How: the record is written with a marker in place of the list, split at the marker, and the list's
 * elements are written one by one in between with the indentation JSON.stringify would give them: each
 * inside a one-element list at the same depth, cut out of it (no second copy re-indented line by line).
 */

const MARKER = '\u0000seedsnap-json-pieces\u0000';

/** An element of the top-level list as JSON.stringify indents it there: wrapped at that depth, cut out. */
const WRAP_HEAD = '{\n  "x": [\n    '.length;
const WRAP_TAIL = '\n  ]\n}'.length;
function indented(element: unknown): string {
  const wrapped = JSON.stringify({ x: [element] }, null, 2);
  return wrapped.slice(WRAP_HEAD, wrapped.length - WRAP_TAIL);
}

/**
 * `JSON.stringify(record, null, indent ? 2 : undefined)` in pieces, the list `record[key]` (an array or
 * another iterable, at the top level) element by element. Joined, the pieces are that string, character for
 * character, with the list written as the array of its elements.
 */
export function* jsonPieces(record: object, key: string, options: { indent: boolean }): Generator<string> {
  const space = options.indent ? 2 : undefined;
  const list = (record as Record<string, unknown>)[key];
  const iterable = list !== null && typeof list === 'object' && Symbol.iterator in list;
  const elements = iterable ? (list as Iterable<unknown>)[Symbol.iterator]() : undefined;
  const first = elements?.next();
  if (!elements || !first || first.done) {
    yield JSON.stringify(iterable && !Array.isArray(list) ? { ...record, [key]: [] } : record, null, space);
    return;
  }
  const marked = JSON.stringify({ ...record, [key]: MARKER }, null, space);
  const quoted = JSON.stringify(MARKER);
  const at = marked.indexOf(quoted);
  yield `${marked.slice(0, at)}[`;
  let i = 0;
  try {
    for (let next: IteratorResult<unknown> = first; !next.done; next = elements.next(), i++) {
      // As JSON.stringify writes an element: undefined and functions in an array become null.
      const comma = i > 0 ? ',' : '';
      yield options.indent
        ? `${comma}\n    ${indented(next.value)}`
        : `${comma}${JSON.stringify(next.value) ?? 'null'}`;
    }
  } finally {
    // Left early (a write failed): the list is told, so one read from a file closes it.
    elements.return?.();
  }
  yield `${options.indent ? '\n  ' : ''}]${marked.slice(at + quoted.length)}`;
}

/**
 * Pieces joined into strings of about `size` characters: fewer, larger writes. 32 K characters (64 KB even
 * when a string needs two bytes a character) stays under V8's large-object size, so a batch is young garbage
 * a scavenge frees at once; 1 MB batches went to the large-object space, where only a full collection frees
 * them, and grew the heap by the size of the file while results.json and report-data.js were written.
 */
export function* batched(pieces: Iterable<string>, size = 1 << 15): Generator<string> {
  let buffer: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    buffer.push(piece);
    length += piece.length;
    if (length >= size) {
      yield buffer.join('');
      buffer = [];
      length = 0;
    }
  }
  if (buffer.length > 0) yield buffer.join('');
}
