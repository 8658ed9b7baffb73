import { useId, useState } from 'react';
import { importModelFiles } from '../../bridge/trainBridge.ts';
import type { ModelRecord } from '../../storage/db.ts';
import { versionHref } from '../route.ts';
import { TASK_LABELS } from './modelFormat.ts';

type Importing = { status: 'idle' } | { status: 'importing' } | { status: 'done'; model: ModelRecord } | { status: 'failed'; message: string };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
// The worker's messages start with a file name ("model.json is not JSON"), so they are not capitalised.
const withStop = (text: string): string => `${text}${/[.!?]$/.test(text) ? '' : '.'}`;

/** Registers a model saved by "Download model" (here or in another browser) as a new version. */
export function ImportPanel() {
  const id = useId();
  const [modelJson, setModelJson] = useState<File | null>(null);
  const [weights, setWeights] = useState<File | null>(null);
  const [state, setState] = useState<Importing>({ status: 'idle' });
  // Changing the inputs' key empties them after a successful import.
  const [inputsKey, setInputsKey] = useState(0);
  const busy = state.status === 'importing';
  const submit = async (json: File, bin: File): Promise<void> => {
    setState({ status: 'importing' });
    try {
      const model = await importModelFiles(json, bin);
      setState({ status: 'done', model });
      setModelJson(null);
      setWeights(null);
      setInputsKey((k) => k + 1);
    } catch (error) {
      setState({ status: 'failed', message: messageOf(error) });
    }
  };
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <div className="panel-header">
        <h2 id={`${id}-title`}>Import a model</h2>
        <span className="muted">the two files “Download model” saves; the model card inside model.json says how to read batches</span>
      </div>
      <form
        className="import-form"
        aria-label="Import a model"
        onSubmit={(event) => {
          event.preventDefault();
          if (modelJson && weights && !busy) void submit(modelJson, weights);
        }}
      >
        <div className="field">
          <label className="field-label" htmlFor={`${id}-json`}>
            model.json
          </label>
          <input key={`json-${inputsKey}`} id={`${id}-json`} type="file" accept=".json,application/json" onChange={(e) => setModelJson(e.target.files?.[0] ?? null)} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-weights`}>
            weights.bin
          </label>
          <input key={`bin-${inputsKey}`} id={`${id}-weights`} type="file" accept=".bin,application/octet-stream" onChange={(e) => setWeights(e.target.files?.[0] ?? null)} />
        </div>
        <button type="submit" className="btn btn-primary" disabled={!modelJson || !weights || busy}>
          {busy ? 'Importing…' : 'Import model'}
        </button>
      </form>
      {state.status === 'done' && (
        <p role="status" className="import-done">
          Registered as <a href={versionHref(state.model.version)}>version {state.model.version}</a>: {TASK_LABELS[state.model.card.task]} of “{state.model.card.target}”.
        </p>
      )}
      {state.status === 'failed' && (
        <p role="alert" className="inline-error">
          Not imported: {withStop(state.message)} Nothing was registered.
        </p>
      )}
    </section>
  );
}
