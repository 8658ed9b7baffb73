/** What the last deletion did, or why it was refused. */
export interface Outcome {
  ok: boolean;
  text: string;
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function OutcomeNote({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return null;
  return outcome.ok ? (
    <p role="status" className="deletion-done">
      {outcome.text}
    </p>
  ) : (
    <p role="alert" className="inline-error">
      {outcome.text}
    </p>
  );
}
