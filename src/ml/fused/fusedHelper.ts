import { fusedInstance } from './fusedModule.ts';

/**
 * Data-parallel fused steps on two cores: a helper thread runs the same module on its share of each
 * mini-batch's rows and hands back its gradients; the training thread adds them to its own in a fixed
 * order and applies Adam, so a seed still gives the same weights on every run. They meet in a
 * SharedArrayBuffer (the mailbox) and wait on it with Atomics: a step's round trip costs microseconds,
 * where a postMessage each way would cost a good part of a step.
 */
export interface HelperInit {
  mailbox: SharedArrayBuffer;
  /** Layer widths, input first. */
  sizes: number[];
  activation: number;
  task: number;
  /** The most rows the helper gets in one step. */
  maxRows: number;
}

/**
 * One helper thread, which serves one training (a session) at a time: `open` starts a session on `init`
 * and settles once the thread waits for its requests (the thread calls serveFusedHelper's onReady), or
 * fails if it could not; the mailbox's STOP ends the session and leaves the thread waiting for the next
 * `open`. `end` terminates the thread.
 */
export interface HelperThread {
  open(init: HelperInit): Promise<void>;
  end(): void;
}

/** Starts a helper thread: a page worker (workers/tfjsSetup.ts), a Node worker thread in the tests. */
export type HelperStarter = () => HelperThread;

/**
 * A HelperThread that talks by messages (a page worker, a Node worker thread): each init is posted, and
 * the thread's next message answers it, `ready` or why the session did not start.
 */
export class MessagedThread implements HelperThread {
  private waiting: { resolve: () => void; reject: (error: Error) => void } | null = null;

  constructor(
    private readonly post: (init: HelperInit) => void,
    readonly end: () => void,
  ) {}

  open(init: HelperInit): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.post(init);
    });
  }

  /** The thread's answer to the last open. */
  answer(message: unknown): void {
    if (message === READY) this.waiting?.resolve();
    else this.waiting?.reject(new Error(`the fused step's helper thread did not start: ${String(message)}`));
    this.waiting = null;
  }

  /** The thread failed (it did not load, say). */
  fail(error: Error): void {
    this.waiting?.reject(error);
    this.waiting = null;
  }
}

/** The message a helper thread sends when a session's loop waits for requests. */
export const READY = 'ready';

/**
 * The helper thread kept between trainings in one worker: starting a worker and compiling the module in
 * it costs tens of milliseconds, which a search's short trials and the backend probe's trainings would
 * otherwise pay each time. One idle thread is kept; a second training at once gets a thread of its own.
 */
export class KeptHelper {
  private idle: HelperThread | null = null;

  constructor(private readonly start: HelperStarter) {}

  /** A thread with a session open on `init`, or null when none was ready within `timeoutMs` (it is ended). */
  async open(init: HelperInit, timeoutMs: number): Promise<HelperThread | null> {
    const thread = this.idle ?? this.start();
    this.idle = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const ready = await Promise.race([thread.open(init).then(() => true, () => false), timeout]);
    clearTimeout(timer);
    if (ready) return thread;
    thread.end();
    return null;
  }

  /**
   * Takes back a thread whose session was stopped: kept for the next training if it answered every
   * request (`healthy`), else ended, since it may still be busy or stuck.
   */
  release(thread: HelperThread, healthy: boolean): void {
    if (healthy && !this.idle) this.idle = thread;
    else thread.end();
  }

  /** Ends the idle thread. */
  end(): void {
    this.idle?.end();
    this.idle = null;
  }
}

/** Control words (Int32) at the mailbox's start. */
export const REQUEST = 0;
export const DONE = 1;
const ROWS = 2;
const WEIGHTED = 3;
const DIVISOR = 4;
/** The request word's value that ends the helper's loop. */
export const STOP = -1;
const FLOATS_AT = 64;

/** The mailbox's views: control words, the helper's loss, and the float32 buffers both sides copy through. */
export class Mailbox {
  readonly control: Int32Array;
  readonly loss: Float64Array;
  readonly params: Float32Array;
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly w: Float32Array;
  readonly grads: Float32Array;

  constructor(
    readonly buffer: SharedArrayBuffer,
    sizes: number[],
    maxRows: number,
  ) {
    const total = paramCount(sizes);
    this.control = new Int32Array(buffer, 0, 8);
    this.loss = new Float64Array(buffer, 32, 1);
    let at = FLOATS_AT;
    const take = (floats: number): Float32Array => {
      const view = new Float32Array(buffer, at, floats);
      at += floats * 4;
      return view;
    };
    this.params = take(total);
    this.x = take(maxRows * sizes[0]!);
    this.y = take(maxRows * sizes.at(-1)!);
    this.w = take(maxRows);
    this.grads = take(total);
  }

  static bytes(sizes: number[], maxRows: number): number {
    return FLOATS_AT + 4 * (2 * paramCount(sizes) + maxRows * (sizes[0]! + sizes.at(-1)! + 1));
  }

  /** Asks the helper for the gradients of its `rows` rows (already in x, y, w) of a `divisor`-row batch. */
  request(seq: number, rows: number, weighted: boolean, divisor: number): void {
    this.control[ROWS] = rows;
    this.control[WEIGHTED] = weighted ? 1 : 0;
    this.control[DIVISOR] = divisor;
    Atomics.store(this.control, REQUEST, seq);
    Atomics.notify(this.control, REQUEST);
  }

  /** Waits for the helper's answer to request `seq`; throws when it has not answered in `timeoutMs`. */
  awaitDone(seq: number, timeoutMs: number): void {
    const deadline = performance.now() + timeoutMs;
    for (let seen = Atomics.load(this.control, DONE); seen !== seq; seen = Atomics.load(this.control, DONE)) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`the fused training step's helper thread did not answer within ${timeoutMs / 1000} s`);
      Atomics.wait(this.control, DONE, seen, left);
    }
  }

  stop(): void {
    Atomics.store(this.control, REQUEST, STOP);
    Atomics.notify(this.control, REQUEST);
  }
}

const paramCount = (sizes: number[]): number => sizes.slice(1).reduce((sum, units, i) => sum + sizes[i]! * units + units, 0);

/**
 * One session of the helper thread's loop: its own instance of the module, laid out like the training thread's; for
 * each request, the current weights and its rows in, the gradients of its rows out. Returns on STOP, and
 * the thread waits for the next session's init.
 * `onReady` tells the training thread (by a message) that the loop is about to wait for requests: it
 * must not block on the mailbox before then, since a worker started from a worker loads through its
 * parent's thread.
 */
export async function serveFusedHelper(init: HelperInit, onReady: () => void): Promise<void> {
  const wasm = await fusedInstance();
  new Int32Array(wasm.memory.buffer, wasm.sizesAt(), init.sizes.length).set(init.sizes);
  wasm.setup(init.sizes.length - 1, init.activation, init.task, init.maxRows);
  const box = new Mailbox(init.mailbox, init.sizes, init.maxRows);
  const memory = wasm.memory.buffer;
  const params = new Float32Array(memory, wasm.paramsAt(), box.params.length);
  const grads = new Float32Array(memory, wasm.gradsAt(), box.grads.length);
  const x = new Float32Array(memory, wasm.inputsAt(), box.x.length);
  const y = new Float32Array(memory, wasm.targetsAt(), box.y.length);
  const w = new Float32Array(memory, wasm.rowWeightsAt(), box.w.length);
  let last = 0;
  onReady();
  for (;;) {
    Atomics.wait(box.control, REQUEST, last);
    const seq = Atomics.load(box.control, REQUEST);
    if (seq === STOP) return;
    if (seq === last) continue;
    last = seq;
    const rows = box.control[ROWS]!;
    const weighted = box.control[WEIGHTED] === 1;
    params.set(box.params);
    x.set(box.x.subarray(0, rows * init.sizes[0]!));
    y.set(box.y.subarray(0, rows * init.sizes.at(-1)!));
    if (weighted) w.set(box.w.subarray(0, rows));
    box.loss[0] = wasm.gradients(rows, weighted ? 1 : 0, box.control[DIVISOR]!);
    box.grads.set(grads);
    Atomics.store(box.control, DONE, seq);
    Atomics.notify(box.control, DONE);
  }
}
