/**
 * A job under way (an upload, a training) leaves a note in localStorage while its tab holds a Web
 * Lock of the same name. The browser drops the lock when the tab closes or reloads, so a note whose
 * lock nobody holds belongs to a job cut off mid-way. Its writes were rolled back with their
 * transactions; the note is what lets the page say so afterwards.
 */
export type JobKind = 'upload' | 'training';

const prefix = (kind: JobKind): string => `relearn-${kind}:`;

function write(key: string, note: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(note));
  } catch {
    // Without room for the note, only the message after a crash is lost; the job goes on.
  }
}

/** Runs a job while its note and lock are held; `update` rewrites the note as the job goes on. */
export async function withJobNote<Note, T>(kind: JobKind, note: Note, work: (update: (note: Note) => void) => Promise<T>): Promise<T> {
  if (!('locks' in navigator)) return work(() => undefined);
  const key = `${prefix(kind)}${crypto.randomUUID()}`;
  // Written inside the lock: while this tab lives, no other tab sees the note without its lock.
  return navigator.locks.request(key, async () => {
    write(key, note);
    try {
      return await work((next) => write(key, next));
    } finally {
      localStorage.removeItem(key);
    }
  });
}

/** Notes of jobs whose tab went away (any tab of this page); each is read once and removed. */
export async function takeInterruptedJobs<Note>(kind: JobKind): Promise<Note[]> {
  if (!('locks' in navigator)) return [];
  const held = new Set(((await navigator.locks.query()).held ?? []).map((lock) => lock.name));
  const notes: Note[] = [];
  for (const key of Object.keys(localStorage)) {
    if (!key.startsWith(prefix(kind)) || held.has(key)) continue;
    const text = localStorage.getItem(key);
    localStorage.removeItem(key);
    try {
      notes.push(JSON.parse(text ?? '') as Note);
    } catch {
      // A note that cannot be read says nothing useful; it is dropped.
    }
  }
  return notes;
}
