/**
 * Names interned by their UTF-8 bytes: each distinct name gets an id (0, 1, 2… in order of
 * first sight), found again from its bytes without building a string.
 */
export class NameTable {
  /** open addressing: slot + 1 per entry, 0 when empty */
  private table = new Int32Array(64);
  private pool = new Uint8Array(1024);
  private poolView = new DataView(this.pool.buffer);
  private poolUsed = 0;
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  private readonly hashes: number[] = [];
  private readonly names: string[] = [];
  private readonly decoder = new TextDecoder();

  get size(): number {
    return this.names.length;
  }

  /**
   * The id of the name `bytes[start, end)` (valid UTF-8), whose `nameHash` is `hash`; a new
   * name gets the next id while the table holds fewer than `limit` names, else -1.
   */
  idOf(bytes: Uint8Array, start: number, end: number, hash: number, limit = Infinity): number {
    const table = this.table;
    const mask = table.length - 1;
    const length = end - start;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const entry = table[at]!;
      if (entry === 0) {
        return this.names.length < limit ? this.insert(at, bytes, start, end, hash) : -1;
      }
      const slot = entry - 1;
      if (this.hashes[slot] !== hash) continue;
      if (this.lengths[slot] !== length) continue;
      const from = this.starts[slot]!;
      const pool = this.pool;
      let k = 0;
      while (k < length && pool[from + k] === bytes[start + k]) k++;
      if (k === length) return slot;
    }
  }

  /** The name with an id. */
  name(id: number): string {
    return this.names[id]!;
  }

  /**
   * Whether `bytes` at `at` begin with the UTF-8 of name `id`; `view` is `bytes` as a DataView
   * (compared four bytes at a time).
   */
  startsWith(id: number, bytes: Uint8Array, view: DataView, at: number): boolean {
    const from = this.starts[id]!;
    const length = this.lengths[id]!;
    // The pool keeps 3 spare bytes after its last name, so the last word can be read whole.
    if (at + ((length + 3) & ~3) > bytes.length) return false;
    const pool = this.poolView;
    let k = 0;
    for (; k + 4 <= length; k += 4) {
      if (pool.getInt32(from + k, true) !== view.getInt32(at + k, true)) return false;
    }
    if (k === length) return true;
    const mask = (1 << ((length - k) * 8)) - 1;
    return ((pool.getInt32(from + k, true) ^ view.getInt32(at + k, true)) & mask) === 0;
  }

  /** Length in bytes of name `id`. */
  byteLength(id: number): number {
    return this.lengths[id]!;
  }

  private insert(at: number, bytes: Uint8Array, start: number, end: number, hash: number): number {
    const slot = this.names.length;
    const length = end - start;
    if (this.poolUsed + length + 3 > this.pool.length) {
      const bigger = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + length + 3));
      bigger.set(this.pool.subarray(0, this.poolUsed));
      this.pool = bigger;
      this.poolView = new DataView(bigger.buffer);
    }
    this.pool.set(bytes.subarray(start, end), this.poolUsed);
    this.starts.push(this.poolUsed);
    this.lengths.push(length);
    this.poolUsed += length;
    this.hashes.push(hash);
    this.names.push(this.decoder.decode(bytes.subarray(start, end)));
    this.table[at] = slot + 1;
    if (this.names.length * 2 > this.table.length) this.rehash();
    return slot;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let slot = 0; slot < this.names.length; slot++) {
      let at = this.hashes[slot]! & mask;
      while (table[at] !== 0) at = (at + 1) & mask;
      table[at] = slot + 1;
    }
    this.table = table;
  }
}

/** The hash `NameTable` files a name's UTF-8 `bytes[start, end)` under. */
export function nameHash(bytes: Uint8Array, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + bytes[i]!) | 0;
  return h;
}
