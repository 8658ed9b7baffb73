import * as Comlink from 'comlink';
import { streamedInputs, type StreamRead } from '../src/app/training/chunkedTable.ts';
import { takeEpochMeasures, type HandedMeasure } from '../src/ml/epochMeasures.ts';
import { RelearnDb } from '../src/storage/db.ts';

const db = new RelearnDb();

// The train worker's reader: a streamed epoch's next reads made here (chunkedTable.ts), handed over whole,
// with this thread's measures of them (a browser bench sees the train worker's, not this one's).
const api = {
  async inputs(read: StreamRead): Promise<{ x: Float32Array; measures: HandedMeasure[] }> {
    const x = await streamedInputs(db, read);
    return Comlink.transfer({ x, measures: takeEpochMeasures() }, [x.buffer]);
  },
};

export type StreamReadApi = typeof api;
Comlink.expose(api);
