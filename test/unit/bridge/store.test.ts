import { afterEach, expect, test, vi } from 'vitest';
import { createStore, pacedStore } from '../../../src/bridge/store.ts';

afterEach(() => {
  vi.useRealTimers();
});

test('a store keeps the snapshot until set, tells every subscriber, and forgets an unsubscribed one', () => {
  const store = createStore<{ count: number }>({ count: 0 });
  const first = store.get();
  expect(store.get()).toBe(first);
  const heard: string[] = [];
  const stopA = store.subscribe(() => heard.push(`a ${store.get().count}`));
  store.subscribe(() => heard.push(`b ${store.get().count}`));
  store.set({ count: 1 });
  stopA();
  store.set({ count: 2 });
  expect(heard).toEqual(['a 1', 'b 1', 'b 2']);
  expect(store.get()).toEqual({ count: 2 });
  expect(store.get()).not.toBe(first);
});

test('a paced store draws the first value at once, then the newest at most once per interval, and set draws now', () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  const store = pacedStore(0, 250);
  const drawn: number[] = [];
  store.subscribe(() => drawn.push(store.get()));
  store.setSoon(1);
  store.setSoon(2);
  store.setSoon(3);
  expect(drawn).toEqual([1]);
  expect(store.get()).toBe(1);
  expect(store.latest()).toBe(3);
  vi.advanceTimersByTime(249);
  expect(drawn).toEqual([1]);
  vi.advanceTimersByTime(1);
  expect(drawn).toEqual([1, 3]);
  expect(store.get()).toBe(3);
  // A value after a quiet interval is drawn at once.
  vi.advanceTimersByTime(400);
  store.setSoon(4);
  expect(drawn).toEqual([1, 3, 4]);
  // set draws now and drops the draw still waiting.
  store.setSoon(5);
  store.set(6);
  vi.advanceTimersByTime(1000);
  expect(drawn).toEqual([1, 3, 4, 6]);
  expect(store.latest()).toBe(6);
});
