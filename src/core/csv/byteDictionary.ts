/**
 * Distinct ASCII cell texts kept as bytes, numbered in order of first appearance as TextDictionary numbers
 * them, with no string made until `texts` is asked for. A numeric column keeps its first few thousand
 * texts only in case a text turns up later (see PartColumn); most drop them unread, and making each a
 * string and a Map key cost a range reader about a tenth of its time on a float column.
 */
export class ByteDictionary {
  private arena: Uint8Array;
  private used = 0;
  /** Entry k's bytes are arena[ends[k - 1] ?? 0, ends[k]). */
  private ends: Int32Array;
  private hashes: Int32Array;
  /** Open addressing: entry index + 1, 0 for an empty slot; at most half full. */
  private slots: Int32Array;
  size = 0;

  /**
   * `entries`: room made at once for this many texts (of up to 32 bytes), which then need no growing:
   * growing them one doubling at a time cost a range reader about a tenth of its first 50,000 rows.
   */
  constructor(entries = 64) {
    this.arena = new Uint8Array(entries * 32);
    this.ends = new Int32Array(entries);
    this.hashes = new Int32Array(entries);
    let slots = 2;
    while (slots < 2 * entries) slots *= 2;
    this.slots = new Int32Array(slots);
  }

  /** The code of bytes[start, end), a new one when these bytes were not seen before. */
  code(bytes: Uint8Array, start: number, end: number): number {
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let entry = (this.slots[slot] as number) - 1; entry >= 0; entry = (this.slots[slot] as number) - 1) {
      if (this.hashes[entry] === hash && this.equals(entry, bytes, start, end)) return entry;
      slot = (slot + 1) & mask;
    }
    return this.add(bytes, start, end, hash, slot);
  }

  /** The texts in code order. */
  texts(): string[] {
    const texts = new Array<string>(this.size);
    let from = 0;
    for (let k = 0; k < this.size; k++) {
      const to = this.ends[k] as number;
      texts[k] = String.fromCharCode.apply(null, this.arena.subarray(from, to) as unknown as number[]);
      from = to;
    }
    return texts;
  }

  private equals(entry: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = entry === 0 ? 0 : (this.ends[entry - 1] as number);
    if ((this.ends[entry] as number) - from !== end - start) return false;
    for (let i = 0; i < end - start; i++) if (this.arena[from + i] !== bytes[start + i]) return false;
    return true;
  }

  private add(bytes: Uint8Array, start: number, end: number, hash: number, slot: number): number {
    const entry = this.size++;
    if (this.used + end - start > this.arena.length) this.arena = grown(this.arena, this.used + end - start);
    this.arena.set(bytes.subarray(start, end), this.used);
    this.used += end - start;
    if (entry === this.ends.length) {
      this.ends = grown(this.ends, entry + 1);
      this.hashes = grown(this.hashes, entry + 1);
    }
    this.ends[entry] = this.used;
    this.hashes[entry] = hash;
    this.slots[slot] = entry + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return entry;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    const mask = this.slots.length - 1;
    for (let entry = 0; entry < this.size; entry++) {
      let slot = (this.hashes[entry] as number) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = entry + 1;
    }
  }
}

function grown<T extends Uint8Array | Int32Array>(array: T, least: number): T {
  let length = array.length * 2;
  while (length < least) length *= 2;
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}
