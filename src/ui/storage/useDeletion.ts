import { useState } from 'react';
import { messageOf, type Outcome } from './OutcomeNote.tsx';

export interface Asked<U, I> {
  usage: U;
  impact: I;
}

/**
 * Deleting one stored thing: `ask` finds what depends on it (the dialog shows `asking`), `confirm` deletes it
 * and says how that went in `outcome`; a refusal at either step names the thing with `label`.
 */
export function useDeletion<U, I>(options: { impactOf: (usage: U) => Promise<I>; remove: (asked: Asked<U, I>) => Promise<string>; label: (usage: U) => string }) {
  const { impactOf, remove, label } = options;
  const [asking, setAsking] = useState<Asked<U, I> | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const refused = (usage: U, e: unknown): Outcome => ({ ok: false, text: `${label(usage)} was not deleted: ${messageOf(e)}` });
  const ask = (usage: U): void => {
    setOutcome(null);
    impactOf(usage).then(
      (impact) => setAsking({ impact, usage }),
      (e: unknown) => setOutcome(refused(usage, e)),
    );
  };
  const confirm = (): void => {
    if (!asking) return;
    setBusy(true);
    const done = (next: Outcome): void => (setBusy(false), setAsking(null), setOutcome(next));
    remove(asking).then(
      (text) => done({ ok: true, text }),
      (e: unknown) => done(refused(asking.usage, e)),
    );
  };
  return { asking, busy, outcome, ask, confirm, cancel: () => setAsking(null) };
}
