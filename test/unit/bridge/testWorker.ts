import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { abortSignalOf } from '../../../workers/abortPort.ts';

/**
 * The worker behind test/unit/bridge/workerBridge.test.ts, run in a Node worker thread through tsx.
 * `count` says how many calls this worker has had: 1 again means a fresh worker.
 */
let calls = 0;

const api = {
  count: (): number => ++calls,
  wait: (ms: number): Promise<number> => new Promise((resolve) => setTimeout(() => resolve(++calls), ms)),
  never: (): Promise<never> => new Promise<never>(() => undefined),
  /** Throws outside any call (which ends a Node worker thread), and never answers. */
  dieUnanswered: (): Promise<never> => {
    setTimeout(() => {
      throw new Error('thrown outside any call');
    });
    return new Promise<never>(() => undefined);
  },
  /** Cooperative work: runs until told to stop through `abort`, then answers what it did. */
  untilAborted(abort: MessagePort): Promise<string> {
    const signal = abortSignalOf(abort);
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve(`stopped after call ${++calls}`)));
  },
  byteSum: (buffer: ArrayBuffer): number => new Uint8Array(buffer).reduce((sum, b) => sum + b, 0),
};

export type TestApi = typeof api;
if (!parentPort) throw new Error('run me as a worker thread');
Comlink.expose(api, nodeEndpoint(parentPort));
