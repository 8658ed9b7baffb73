import * as Comlink from 'comlink';
import { streamedInputs, type StreamRead } from '../src/app/training/chunkedTable.ts';
import { RelearnDb } from '../src/storage/db.ts';

const db = new RelearnDb();

// The train worker's reader: a streamed epoch's next reads made here (chunkedTable.ts), handed over whole.
const api = {
  async inputs(read: StreamRead): Promise<Float32Array> {
    const x = await streamedInputs(db, read);
    return Comlink.transfer(x, [x.buffer]);
  },
};

export type StreamReadApi = typeof api;
Comlink.expose(api);
