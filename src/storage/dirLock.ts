import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { WorkspaceError } from './workspaceErrors.ts';

/**
 * One process at a time works on a workspace directory: it creates `DIR.lock` beside the directory with
 * O_EXCL before reading DIR and removes it after saving. The lock lives beside DIR, not inside it, because a
 * save replaces DIR by renames: a lock inside would vanish with the old directory, and for a moment DIR does
 * not exist at all. A lock whose process is gone, or that is older than an hour, is reported with what to do,
 * never taken over silently: a person decides that no other run still uses the directory.
 */
export const STALE_LOCK_MS = 60 * 60 * 1000;

export interface LockOwner {
  pid: number;
  host: string;
  startedAt: number;
  command: string;
  token: string;
}

export interface WorkspaceLock {
  file: string;
  owner: LockOwner;
  /** Removes the lock file if it is still this lock's. */
  release(): void;
}

/** Another process holds the directory, or left its lock behind. */
export class WorkspaceBusyError extends WorkspaceError {
  override name = 'WorkspaceBusyError';
  override describe(): string {
    return this.message;
  }
}

export const lockFileOf = (dir: string): string => `${path.resolve(dir)}.lock`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const readOwner = (file: string): Partial<LockOwner> | null => {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof json === 'object' && json !== null ? (json as Partial<LockOwner>) : null;
  } catch {
    return null;
  }
};

/** Why the lock cannot be taken: someone works on DIR now, or left the lock behind. */
function busy(target: string, file: string, staleMs: number, now: number): WorkspaceBusyError {
  const owner = readOwner(file);
  let since = owner?.startedAt;
  if (typeof since !== 'number') {
    try {
      since = statSync(file).mtimeMs;
    } catch {
      since = now;
    }
  }
  const who = owner && typeof owner.pid === 'number' ? `${owner.command ?? 'relearn'}, pid ${owner.pid} on ${owner.host ?? 'an unknown host'}` : 'a process that wrote no details yet';
  const at = new Date(since).toISOString();
  const gone = owner && typeof owner.pid === 'number' && owner.host === hostname() && !alive(owner.pid);
  const remove = `if no relearn run is using ${target}, remove ${file} and run again`;
  if (gone) return new WorkspaceBusyError(file, `${target} is locked by ${file}, left by ${who} (started ${at}), which is no longer running; ${remove}`);
  if (now - since > staleMs) {
    const hours = ((now - since) / 3_600_000).toFixed(1);
    return new WorkspaceBusyError(file, `${target} is locked by ${file} since ${at} (${hours} h ago, ${who}); a run takes minutes, so it was probably left by one that crashed: ${remove}`);
  }
  return new WorkspaceBusyError(file, `another relearn run is using ${target} (${who}, since ${at}); run again when it has finished`);
}

/** Takes the lock of a workspace directory, or throws WorkspaceBusyError saying who holds it. */
export function lockWorkspace(dir: string, command: string, options: { staleMs?: number; now?: () => number } = {}): WorkspaceLock {
  const target = path.resolve(dir);
  const file = lockFileOf(target);
  const now = options.now ?? Date.now;
  try {
    mkdirSync(path.dirname(target), { recursive: true });
  } catch (error) {
    throw new WorkspaceError(dir, `its parent directory cannot be created (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw busy(target, file, options.staleMs ?? STALE_LOCK_MS, now());
    throw new WorkspaceError(file, `the lock file cannot be created (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: now(), command, token: randomBytes(8).toString('hex') };
  try {
    writeSync(fd, `${JSON.stringify(owner)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return {
    file,
    owner,
    release() {
      if (readOwner(file)?.token !== owner.token) return;
      try {
        unlinkSync(file);
      } catch {
        // Already gone.
      }
    },
  };
}
