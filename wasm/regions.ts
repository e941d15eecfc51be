/**
 * src/compare/findings/regions.ts's first step on the kernel: for each 8×8 cell of the image, how many
 * pixels of the mask are set and the box around them, the mask being the pass's differing pixels or'ed
 * with the pixels of blocks whose colour moved (local, 0 when none). Both masks hold 0 or 1 a pixel. Counts
 * and bounds are whole numbers: the same as the JavaScript scan in any order.
 */

const CELL = 8;

/**
 * Five i32 arrays of ⌈width/8⌉ × ⌈height/8⌉ entries at `out`, one after the other: pixels set, min x,
 * min y, max x, max y (width, height, −1, −1 where none is set).
 */
export function maskCells(mask: usize, local: usize, width: i32, height: i32, out: usize): void {
  const cols = (width + CELL - 1) / CELL;
  const rows = (height + CELL - 1) / CELL;
  const cells = cols * rows;
  const field = <usize>cells << 2;
  for (let c = 0; c < cells; c++) {
    const at = out + (<usize>c << 2);
    store<i32>(at, 0);
    store<i32>(at + field, width);
    store<i32>(at + 2 * field, height);
    store<i32>(at + 3 * field, -1);
    store<i32>(at + 4 * field, -1);
  }
  for (let y = 0; y < height; y++) {
    const row = <usize>(y * width);
    const cellRow = (y / CELL) * cols;
    for (let cx = 0; cx < cols; cx++) {
      // A cell's eight pixels of the row as the bytes of one word (both masks hold 0 or 1 a pixel): most are 0.
      const x = cx * CELL;
      const at = row + <usize>x;
      let bits: u64 = 0;
      if (x + CELL <= width) {
        bits = load<u64>(mask + at);
        if (local != 0) bits |= load<u64>(local + at);
      } else {
        for (let k = 0; k < width - x; k++) {
          const set = load<u8>(mask + at + <usize>k) | (local != 0 ? load<u8>(local + at + <usize>k) : 0);
          bits |= <u64>set << (<u64>k << 3);
        }
      }
      if (bits == 0) continue;
      const first = x + <i32>(ctz(bits) >> 3);
      const last = x + 7 - <i32>(clz(bits) >> 3);
      const cell = out + (<usize>(cellRow + cx) << 2);
      store<i32>(cell, load<i32>(cell) + <i32>popcnt(bits));
      if (first < load<i32>(cell + field)) store<i32>(cell + field, first);
      if (y < load<i32>(cell + 2 * field)) store<i32>(cell + 2 * field, y);
      if (last > load<i32>(cell + 3 * field)) store<i32>(cell + 3 * field, last);
      store<i32>(cell + 4 * field, y);
    }
  }
}

/**
 * src/compare/findings/regions.ts's regionsOfCells on the cells maskCells wrote at `cells` (cols × rows):
 * each group of set cells joined to their 8 neighbours, in the order of its first cell, as five i32 at
 * `out` (x, y, width, height, pixels: the box around its pixels and their count). Returns the number of
 * groups. `visited` (a byte a cell) and `stack` (an i32 a cell) are room. Boxes and counts are mins, maxes
 * and sums of whole numbers: the same as the JavaScript walk in any order.
 */
export function groupCells(
  cells: usize,
  cols: i32,
  rows: i32,
  width: i32,
  height: i32,
  visited: usize,
  stack: usize,
  out: usize,
): i32 {
  const count = cols * rows;
  const field = <usize>count << 2;
  memory.fill(visited, 0, <usize>count);
  let found = 0;
  for (let start = 0; start < count; start++) {
    if (load<i32>(cells + (<usize>start << 2)) == 0 || load<u8>(visited + <usize>start) != 0) continue;
    let x0 = width;
    let y0 = height;
    let x1 = -1;
    let y1 = -1;
    let pixels = 0;
    store<u8>(visited + <usize>start, 1);
    store<i32>(stack, start);
    let depth = 1;
    while (depth > 0) {
      depth--;
      const c = load<i32>(stack + (<usize>depth << 2));
      const at = cells + (<usize>c << 2);
      pixels += load<i32>(at);
      x0 = min(x0, load<i32>(at + field));
      y0 = min(y0, load<i32>(at + 2 * field));
      x1 = max(x1, load<i32>(at + 3 * field));
      y1 = max(y1, load<i32>(at + 4 * field));
      const cx = c % cols;
      const cy = c / cols;
      for (let ny = max(0, cy - 1); ny <= min(rows - 1, cy + 1); ny++) {
        for (let nx = max(0, cx - 1); nx <= min(cols - 1, cx + 1); nx++) {
          const n = ny * cols + nx;
          if (load<i32>(cells + (<usize>n << 2)) == 0 || load<u8>(visited + <usize>n) != 0) continue;
          store<u8>(visited + <usize>n, 1);
          store<i32>(stack + (<usize>depth << 2), n);
          depth++;
        }
      }
    }
    const record = out + <usize>found * 20;
    store<i32>(record, x0);
    store<i32>(record, y0, 4);
    store<i32>(record, x1 - x0 + 1, 8);
    store<i32>(record, y1 - y0 + 1, 12);
    store<i32>(record, pixels, 16);
    found++;
  }
  return found;
}
