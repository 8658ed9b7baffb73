/**
 * One value the page watches, for `useSyncExternalStore`: `get` is the snapshot (the same object until
 * `set` replaces it), `subscribe` hears of every replacement.
 */
export interface Store<T> {
  get(): T;
  set(next: T): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      value = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A store whose value can change faster than it is worth drawing (see pacedStore). */
export interface PacedStore<T> extends Store<T> {
  /** The newest value, drawn or not: what the next decision about it (cancel, a next step) starts from. */
  latest(): T;
  /** Keeps `next` as the newest value and hands it to the subscribers within `ms` (the first at once). */
  setSoon(next: T): void;
}

/**
 * A store that hands a stream of values to its subscribers at most once per `ms`: `setSoon` draws at once
 * when the last draw is `ms` old, else once at the end of the interval, with the newest value then; `set`
 * draws now and drops a draw still waiting. `get` is the value drawn (the snapshot for
 * `useSyncExternalStore`), `latest` the newest.
 */
export function pacedStore<T>(initial: T, ms: number): PacedStore<T> {
  const store = createStore(initial);
  let newest = initial;
  let drawnAt = -Infinity;
  let waiting: ReturnType<typeof setTimeout> | null = null;
  const draw = (): void => {
    waiting = null;
    drawnAt = performance.now();
    store.set(newest);
  };
  return {
    get: store.get,
    subscribe: store.subscribe,
    latest: () => newest,
    set(next) {
      newest = next;
      if (waiting !== null) clearTimeout(waiting);
      draw();
    },
    setSoon(next) {
      newest = next;
      if (waiting !== null) return;
      const wait = drawnAt + ms - performance.now();
      if (wait <= 0) draw();
      else waiting = setTimeout(draw, wait);
    },
  };
}
