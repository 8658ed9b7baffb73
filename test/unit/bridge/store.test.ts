import { expect, test } from 'vitest';
import { createStore } from '../../../src/bridge/store.ts';

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
