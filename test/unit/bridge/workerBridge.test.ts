import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { afterEach, describe, expect, test } from 'vitest';
import { isCancelled } from '../../../src/core/errors.ts';
import { workerBridge, WorkerFailed, WorkerStopped, type Terminable } from '../../../src/bridge/workerBridge.ts';
import type { TestApi } from './testWorker.ts';

// Real worker threads running testWorker.ts (through tsx, as Node 20 cannot load TypeScript itself).
const WORKER_URL = new URL('./testWorker.ts', import.meta.url).href;
const BOOT = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL)}); });`;

/** Every worker a test started, and whether each has exited. */
let started: { exited: Promise<void>; isExited: () => boolean }[] = [];
const live: Worker[] = [];

function startWorker(): Terminable {
  const worker = new Worker(BOOT, { eval: true });
  live.push(worker);
  let done = false;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      done = true;
      resolve();
    }),
  );
  started.push({ exited, isExited: () => done });
  const endpoint = nodeEndpoint(worker);
  const onMessage = endpoint.addEventListener.bind(endpoint);
  // The adapter hands on messages only: a thread's uncaught error comes as a Worker's error event does.
  const addEventListener: Terminable['addEventListener'] = (type, listener, options) => {
    if (type !== 'error') return onMessage(type, listener, options);
    worker.on('error', (error) => ('handleEvent' in listener ? listener.handleEvent(error as unknown as Event) : listener(error as unknown as Event)));
  };
  return Object.assign(endpoint, { addEventListener, terminate: () => void worker.terminate() });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(async () => {
  await Promise.all(live.splice(0).map((w) => w.terminate()));
  started = [];
});

describe('workerBridge', () => {
  test('starts the worker on the first call and keeps it for the next', async () => {
    const bridge = workerBridge<TestApi>({ start: startWorker });
    expect(started).toHaveLength(0);
    expect(await bridge.call((api) => api.count())).toBe(1);
    expect(await bridge.call((api) => api.count())).toBe(2);
    expect(started).toHaveLength(1);
  });

  test('ends a worker idle for idleMs, never one with a call in flight; the next call starts a fresh one', async () => {
    const bridge = workerBridge<TestApi>({ start: startWorker, idleMs: 150 });
    // A call longer than the idle time runs to its end.
    expect(await bridge.call((api) => api.wait(400))).toBe(1);
    expect(started[0]?.isExited()).toBe(false);
    await started[0]?.exited;
    expect(await bridge.call((api) => api.count())).toBe(1);
    expect(started).toHaveLength(2);
  });

  test('a held worker is not ended for idleness until released', async () => {
    const bridge = workerBridge<TestApi>({ start: startWorker, idleMs: 50 });
    const release = bridge.hold();
    await bridge.call((api) => api.count());
    await sleep(300);
    expect(started[0]?.isExited()).toBe(false);
    expect(await bridge.call((api) => api.count())).toBe(2);
    release();
    await started[0]?.exited;
    expect(started[0]?.isExited()).toBe(true);
  });

  test('idleMs null keeps the worker until the page goes', async () => {
    const bridge = workerBridge<TestApi>({ start: startWorker, idleMs: null });
    await bridge.call((api) => api.count());
    await sleep(300);
    expect(await bridge.call((api) => api.count())).toBe(2);
  });

  test('aborting a call ends its worker and rejects it as cancelled; the next call gets a fresh worker', async () => {
    const bridge = workerBridge<TestApi>({ start: startWorker });
    await bridge.call((api) => api.count());
    const abort = new AbortController();
    const stuck = bridge.call((api) => api.never(), { signal: abort.signal });
    abort.abort();
    const error = await stuck.catch((e: unknown) => e);
    expect(isCancelled(error)).toBe(true);
    await started[0]?.exited;
    expect(await bridge.call((api) => api.count())).toBe(1);
    expect(started).toHaveLength(2);
  });

  test('a call asked with an aborted signal is refused without starting a worker', async () => {
    const bridge = workerBridge<TestApi>({ start: startWorker });
    const error = await bridge.call((api) => api.count(), { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(isCancelled(error)).toBe(true);
    expect(started).toHaveLength(0);
  });

  test("another call's abort sends a restartable call again, and fails one that is not", async () => {
    const bridge = workerBridge<TestApi>({ start: startWorker });
    const abort = new AbortController();
    const cancelled = bridge.call((api) => api.never(), { signal: abort.signal });
    const reading = bridge.call((api) => api.wait(100), { restartable: true });
    const writing = bridge.call((api) => api.wait(100)).catch((e: unknown) => e);
    await sleep(20);
    abort.abort();
    expect(isCancelled(await cancelled.catch((e: unknown) => e))).toBe(true);
    // The fresh worker's first call.
    await expect(reading).resolves.toBe(1);
    expect(await writing).toBeInstanceOf(WorkerStopped);
    expect(started).toHaveLength(2);
  });

  test('a cooperative call hears the abort in the worker and settles with its answer; the worker stays', async () => {
    const bridge = workerBridge<TestApi>({ start: startWorker });
    const abort = new AbortController();
    const work = bridge.callCooperatively((api, port) => api.untilAborted(port), abort.signal);
    await sleep(50);
    abort.abort();
    await expect(work).resolves.toBe('stopped after call 1');
    expect(await bridge.call((api) => api.count())).toBe(2);
    expect(started).toHaveLength(1);
  });

  test('a named worker that fails outside any call fails the calls in flight with its name; the next call gets a fresh worker', async () => {
    const bridge = workerBridge<TestApi>({ start: startWorker, name: 'test' });
    const restartable = bridge.call((api) => api.never(), { restartable: true }).catch((e: unknown) => e);
    const cooperative = bridge.callCooperatively((api) => api.never()).catch((e: unknown) => e);
    const dying = bridge.call((api) => api.dieUnanswered()).catch((e: unknown) => e);
    for (const call of [dying, restartable, cooperative]) {
      const error = await call;
      expect(error).toBeInstanceOf(WorkerFailed);
      expect((error as Error).message).toBe('the test worker failed: thrown outside any call');
    }
    expect(await bridge.call((api) => api.count())).toBe(1);
    expect(started).toHaveLength(2);
  });

  test('a transferred ArrayBuffer moves to the worker', async () => {
    const bridge = workerBridge<TestApi>({ start: startWorker });
    const buffer = new Uint8Array([1, 2, 3, 4]).buffer;
    expect(await bridge.call((api) => api.byteSum(Comlink.transfer(buffer, [buffer])))).toBe(10);
    expect(buffer.byteLength).toBe(0);
  });
});
