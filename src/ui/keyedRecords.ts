import Dexie, { cmp, RangeSet, type IndexableType, type IntervalTree, type ObservabilitySet, type Table } from 'dexie';

/** Records read in one request when the whole table is read. */
const SLICE = 25;

/** Every record of a table, for useSyncExternalStore: undefined until the first read ends. */
export interface KeyedRecords<T> {
  subscribe(onChange: () => void): () => void;
  get(): T[] | undefined;
}

/**
 * The keys a change notice names for a table's primary key (written, and deleted), or 'all' when it names
 * a range (a cleared table, or a write of many records at once, which Dexie does not list key by key).
 */
function changedKeys(parts: ObservabilitySet, prefix: string): IndexableType[] | 'all' {
  const keys: IndexableType[] = [];
  for (const part of [prefix, `${prefix}:dels`]) {
    const tree: IntervalTree | undefined = parts[part];
    if (!tree) continue;
    for (const node of RangeSet(tree) as Iterable<{ from: IndexableType; to: IndexableType }>) {
      if (cmp(node.from, node.to) !== 0) return 'all';
      keys.push(node.from);
    }
  }
  return keys;
}

/**
 * A table's records kept in memory while something shows them, each read again only when it changes. A
 * live query over `table.toArray()` reads the whole table at every write to any of it: a year of drift
 * reports at each report stored, or a hundred runs at each save of the one going on, which took hundreds
 * of milliseconds of the main thread each time. This listens to the change notices Dexie's live queries
 * use (this page's writes, and the workers' and other tabs' through Dexie's BroadcastChannel), which name
 * the keys written, and reads those records alone; records that did not change keep their identity, so
 * memoised views of them do not redraw. The list is in primary-key order, as `toArray()` gives it.
 */
export function keyedRecords<T, K extends IndexableType>(table: Table<T, K>): KeyedRecords<T> {
  const prefix = `idb://${table.db.name}/${table.name}/`;
  const listeners = new Set<() => void>();
  let byKey: Map<string, [K, T]> | null = null;
  let list: T[] | undefined;
  /** Keys to read again, or 'all'; reads run one at a time, so a later notice is never overtaken. */
  let pending: Set<K> | 'all' = 'all';
  let reading = false;
  const id = (key: K): string => JSON.stringify(key);

  /**
   * Every key, then the records SLICE at a time by key range, in one transaction (one snapshot). The page
   * decodes a read's records in the one task that receives them: a year of drift reports read at once
   * was a task of 50–100 ms.
   */
  const readAll = (): Promise<[K[], T[]]> =>
    table.db.transaction('r', table, async () => {
      const keys = (await table.toCollection().primaryKeys()) as K[];
      const records: T[] = [];
      for (let i = 0; i < keys.length; i += SLICE) {
        const last = keys[Math.min(i + SLICE, keys.length) - 1]!;
        records.push(...(await table.where(':id').between(keys[i]!, last, true, true).toArray()));
      }
      return [keys, records];
    });

  const publish = (): void => {
    if (byKey === null) return;
    list = [...byKey.values()].sort((a, b) => cmp(a[0], b[0])).map(([, record]) => record);
    for (const listener of [...listeners]) listener();
  };

  async function read(): Promise<void> {
    if (reading) return;
    reading = true;
    try {
      while (listeners.size > 0 && (pending === 'all' || pending.size > 0)) {
        const wanted = pending;
        pending = new Set();
        if (wanted === 'all' || byKey === null) {
          const [keys, records] = await readAll();
          byKey = new Map(keys.map((key, i) => [id(key), [key, records[i]!]]));
        } else {
          const keys = [...wanted];
          const records = await table.bulkGet(keys);
          // Forgotten while reading (nothing showed them): the next subscriber's whole read follows.
          if (byKey === null) continue;
          const known = byKey;
          keys.forEach((key, i) => (records[i] === undefined ? known.delete(id(key)) : known.set(id(key), [key, records[i]])));
        }
        if (listeners.size > 0) publish();
      }
    } finally {
      reading = false;
    }
  }

  const onMutated = (parts: ObservabilitySet): void => {
    const keys = changedKeys(parts, prefix);
    if (keys !== 'all' && keys.length === 0) return;
    if (keys === 'all' || byKey === null || pending === 'all') pending = 'all';
    else for (const key of keys) pending.add(key as K);
    void read();
  };

  return {
    subscribe(onChange) {
      listeners.add(onChange);
      if (listeners.size === 1) {
        Dexie.on('storagemutated', onMutated);
        pending = 'all';
        void read();
      }
      return () => {
        listeners.delete(onChange);
        if (listeners.size > 0) return;
        // Nothing shows the records: stop listening and forget them (the next view reads them afresh).
        Dexie.on('storagemutated').unsubscribe(onMutated);
        byKey = null;
        list = undefined;
      };
    },
    get: () => list,
  };
}
