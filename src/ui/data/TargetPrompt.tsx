import { useState } from 'react';
import type { BatchSummary } from '../../storage/heavyFields.ts';
import { candidateText, targetCandidates } from '../../core/training/targetCandidates.ts';
import { WorkspaceChangeStatus } from './WorkspaceChangeStatus.tsx';
import { useWorkspaceChange } from './useWorkspaceChange.ts';

/** Remembers "no target" for the workspace whose reference batch it names: a new workspace asks again. */
const DECLINED_KEY = 'relearn.targetPrompt.declined';

/**
 * Asked right after the first upload of a workspace without a target: which column models predict,
 * each candidate with the task training would infer ("weather → multiclass (5 classes)"). Choosing one
 * sets the target for every batch, and the stored batches are then judged by the pipeline.
 */
export function TargetPrompt({ reference }: { reference: BatchSummary }) {
  const changer = useWorkspaceChange();
  const [declined, setDeclined] = useState(() => localStorage.getItem(DECLINED_KEY) === reference.id);
  if (declined) return null;
  const candidates = targetCandidates(reference.quality);
  const decline = (): void => {
    localStorage.setItem(DECLINED_KEY, reference.id);
    setDeclined(true);
  };
  return (
    <section className="panel target-prompt" aria-labelledby="target-prompt-title">
      <h2 id="target-prompt-title">Which column should the models predict?</h2>
      <p>
        Training and the pipeline need a target column. Each column that could be one is listed with the task it makes, read from “{reference.name}”; the choice applies to every batch and can be
        changed later in a batch’s Columns.
      </p>
      {candidates.length === 0 ? (
        <p className="muted">No column of “{reference.name}” can be a target: each is a date, an id, a single value, or has more than 50 categories.</p>
      ) : (
        <ul className="target-candidates" aria-label="Target candidates">
          {candidates.map((c) => (
            <li key={c.column}>
              <button type="button" className="btn" disabled={changer.pending !== null} onClick={() => void changer.apply({ target: c.column }, `Setting the target to "${c.column}"`)}>
                {candidateText(c)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <WorkspaceChangeStatus changer={changer} pendingClass="muted" />
      <button type="button" className="btn btn-quiet" disabled={changer.pending !== null} onClick={decline}>
        No target: these batches are unlabeled
      </button>
    </section>
  );
}
