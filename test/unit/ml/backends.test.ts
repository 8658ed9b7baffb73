import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import type { BackendProbe } from '../../../src/core/training/backendProbe.ts';
import { availableBackends, probeBackends } from '../../../src/ml/backends.ts';
import { readBackendChoice } from '../../../src/storage/queries/models.ts';
import { saveBackendProbe, setBackendOverride } from '../../../src/storage/commands/models.ts';
import { chooseBackend } from '../../../src/app/training/train.ts';
import { dbPerTest } from '../helpers/storage.ts';

const newDb = dbPerTest();
afterAll(async () => {
  await tf.setBackend('cpu');
});

const RATE = /^[\d,]+ samples\/s$/;

describe('probeBackends in Node', () => {
  it('finds cpu and wasm (no WebGL or WebGPU here)', async () => {
    expect(await availableBackends()).toEqual(['wasm', 'cpu']);
  });

  it('a backend that fails is listed with why; the one that works is chosen', async () => {
    const probe = await probeBackends(['nope', 'cpu']);
    expect(probe.timings[0]).toMatchObject({ backend: 'nope', samplesPerSecond: null });
    expect(probe.timings[0]!.note).toMatch(/^failed: /);
    expect(probe.chosen).toBe('cpu');
    expect(probe.reason).toMatch(/^the only backend that works here: [\d,]+ samples\/s at batch 200$/);
    expect(probe.batchSize).toBe(200);
  });

  it('no backend that works: an error listing each', async () => {
    await expect(probeBackends([])).rejects.toThrow('no training backend works here ()');
    await expect(probeBackends(['nope'])).rejects.toThrow(/^no training backend works here \(nope: failed: .+\)$/);
  });
});

describe('chooseBackend', () => {
  const storedProbe: BackendProbe = {
    at: 1,
    timings: [{ backend: 'cpu', samplesPerSecond: 1000, note: 'plain JavaScript', software: true }],
    chosen: 'cpu',
    reason: 'the only backend that works here: 1,000 samples/s',
  };

  it('the first time, measures every backend (wasm and cpu), chooses the faster and says why, stores it with an event; then reads it back', async () => {
    const db = newDb();
    const first = await chooseBackend(db);
    const { probe } = await readBackendChoice(db);
    expect(probe).toMatchObject({ chosen: first.backend, reason: first.reason });
    expect(probe!.timings.map((t) => [t.backend, t.note, t.software])).toEqual([
      ['wasm', 'WebAssembly on the CPU', true],
      ['cpu', 'plain JavaScript', true],
    ]);
    for (const t of probe!.timings) expect(t.samplesPerSecond).toBeGreaterThan(0);
    const [wasm, cpu] = probe!.timings.map((t) => t.samplesPerSecond!) as [number, number];
    const [fast, slow] = wasm >= cpu ? ['wasm', 'cpu'] : ['cpu', 'wasm'];
    expect(first.backend).toBe(fast);
    expect(tf.getBackend()).toBe(fast);
    const match = /^fastest on this device at batch 200: (.+), (\d+\.\d)× (\w+)$/.exec(first.reason);
    expect(match, first.reason).not.toBeNull();
    expect(match![1]).toMatch(RATE);
    expect(match![2]).toBe((Math.max(cpu, wasm) / Math.min(cpu, wasm)).toFixed(1));
    expect(match![3]).toBe(slow);
    expect(Math.abs(probe!.at - Date.now())).toBeLessThan(60_000);
    const events = await db.events.toArray();
    expect(events.map((e) => [e.kind, e.actor])).toEqual([['backend.chosen', 'auto']]);
    expect(events[0]!.summary).toBe(`Training backend: ${first.backend} (${first.reason})`);
    expect(await chooseBackend(db)).toEqual(first);
    expect(await db.events.count()).toBe(1);
  });

  it('a training at another batch size measures at that size and keeps both probes; each batch size then reads its own', async () => {
    const db = newDb();
    await saveBackendProbe(db, storedProbe);
    const large = await chooseBackend(db, 1000);
    expect(large.reason).toMatch(/^fastest on this device at batch 1,000: /);
    const choice = await readBackendChoice(db);
    expect(choice.probe).toMatchObject({ batchSize: 1000, reason: large.reason });
    expect(choice.probes!.map((p) => p.batchSize)).toEqual([undefined, 1000]);
    // A probe stored before probes kept their batch size was measured at 200.
    expect(await chooseBackend(db, 200)).toEqual({ backend: 'cpu', reason: storedProbe.reason });
    expect(await chooseBackend(db, 1000)).toEqual(large);
    // Scoring (no batch size) uses the newest probe; no further probe ran.
    expect(await chooseBackend(db)).toEqual(large);
    expect(await db.events.count()).toBe(2);
  });

  it('uses the stored probe`s choice; the user`s override wins; an override not available here falls back', async () => {
    const db = newDb();
    await saveBackendProbe(db, storedProbe);
    expect(await chooseBackend(db)).toEqual({ backend: 'cpu', reason: storedProbe.reason });
    await setBackendOverride(db, 'wasm');
    expect(await chooseBackend(db)).toEqual({ backend: 'wasm', reason: 'chosen by hand' });
    expect(tf.getBackend()).toBe('wasm');
    await setBackendOverride(db, 'webgpu');
    expect(await chooseBackend(db)).toEqual({ backend: 'cpu', reason: storedProbe.reason });
    expect(tf.getBackend()).toBe('cpu');
    const summaries = (await db.events.toArray()).map((e) => e.summary);
    expect(summaries.slice(1)).toEqual(['Training backend set to wasm by hand', 'Training backend set to webgpu by hand']);
  });
});
