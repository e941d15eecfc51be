/**
 * src/compare/findings/regions.ts's first step on the kernel: for each 8×8 cell of the image, how many
 * pixels of the mask are set and the box around them, the mask being the pass's differing pixels or'ed
 * with the pixels of blocks whose colour moved (local, 0 when none). Counts and bounds are whole
 * numbers: the same as the JavaScript scan in any order.
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
    let x = 0;
    while (x < width) {
      // Sixteen unset pixels at a time are skipped in one step: most of a mask is zeros.
      if (x + 16 <= width) {
        let v = v128.load(mask + row + <usize>x);
        if (local != 0) v = v128.or(v, v128.load(local + row + <usize>x));
        if (!v128.any_true(v)) {
          x += 16;
          continue;
        }
      }
      const set = load<u8>(mask + row + <usize>x) != 0 || (local != 0 && load<u8>(local + row + <usize>x) != 0);
      if (set) {
        const at = out + (<usize>(cellRow + x / CELL) << 2);
        store<i32>(at, load<i32>(at) + 1);
        if (x < load<i32>(at + field)) store<i32>(at + field, x);
        if (y < load<i32>(at + 2 * field)) store<i32>(at + 2 * field, y);
        if (x > load<i32>(at + 3 * field)) store<i32>(at + 3 * field, x);
        store<i32>(at + 4 * field, y);
      }
      x++;
    }
  }
}
