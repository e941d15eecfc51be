/**
 * The palette of a few-colour RGBA image (a diff image) and its rows of indices, for
 * src/image/png-encode.ts's encodePngQuick: the same table and the same result as its JavaScript
 * toPalette, a few times faster. Colours are numbered in the order they first appear.
 */

const TABLE_BITS = 10;
const TABLE_SIZE = 1 << TABLE_BITS;
const KEYS = memory.data(TABLE_SIZE * 4, 16);
const SLOTS = memory.data(TABLE_SIZE * 2, 16);

/**
 * Rows of `width + 1` bytes (filter byte 0, then one index per pixel) at `rows`, and each colour as an
 * RGBA word at `palette` (256 words at most). Returns the number of colours, or -1 past 256.
 */
export function toPalette(pixels: usize, width: i32, height: i32, rows: usize, palette: usize): i32 {
  memory.fill(SLOTS, 0xff, TABLE_SIZE * 2);
  let size = 0;
  let lastWord: u32 = 0;
  let lastIndex = -1;
  let p = pixels;
  for (let y = 0; y < height; y++) {
    let o = rows + <usize>y * <usize>(width + 1);
    store<u8>(o++, 0);
    for (let x = 0; x < width; x++, p += 4, o++) {
      const word = load<u32>(p);
      if (word != lastWord || lastIndex < 0) {
        let h = (word * 0x9e3779b1) >> (32 - TABLE_BITS);
        for (;;) {
          const slot = <i32>load<i16>(SLOTS + (<usize>h << 1));
          if (slot == -1) {
            if (size == 256) return -1;
            store<i16>(SLOTS + (<usize>h << 1), <i16>size);
            store<u32>(KEYS + (<usize>h << 2), word);
            store<u32>(palette + (<usize>size << 2), word);
            lastIndex = size++;
            break;
          }
          if (load<u32>(KEYS + (<usize>h << 2)) == word) {
            lastIndex = slot;
            break;
          }
          h = (h + 1) & (TABLE_SIZE - 1);
        }
        lastWord = word;
      }
      store<u8>(o, <u8>lastIndex);
    }
  }
  return size;
}
