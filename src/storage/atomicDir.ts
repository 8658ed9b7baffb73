import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * A directory written whole, then put in place by renames (Node only): the workspace directory of the
 * command line and `relearn train`'s model directory are never seen half-written. The new files go into a
 * hidden sibling `.NAME.writing-*` (same file system, so a rename is atomic), each flushed to disk; on
 * `commit` an existing directory is moved aside to `.NAME.replaced-*` and removed only once the new one is
 * in place (put back if that rename fails).
 */

/** A hidden sibling of `target` for a directory being written or one moved aside. */
const siblingDir = (target: string, kind: 'writing' | 'replaced'): string => path.join(path.dirname(target), `.${path.basename(target)}.${kind}-${randomBytes(4).toString('hex')}`);

/** What is at the target now: nothing, an empty directory (replaced), or a directory to move aside. */
export type TargetState = 'absent' | 'empty' | 'full';

function writeDurably(file: string, bytes: Uint8Array): void {
  const fd = openSync(file, 'wx');
  try {
    let at = 0;
    while (at < bytes.byteLength) at += writeSync(fd, bytes, at, bytes.byteLength - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a directory's entries to disk where the platform allows it. */
export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a directory; the files themselves are already flushed.
  }
}

export class StagedDir {
  readonly temp: string;
  private readonly folders: Set<string>;

  /** Creates the hidden sibling of `target` that the new directory is written into. */
  constructor(readonly target: string) {
    this.temp = siblingDir(target, 'writing');
    // mkdirSync, not mkdtempSync: the directory gets the usual permissions (0777 less the umask), not 0700.
    mkdirSync(this.temp);
    this.folders = new Set([this.temp]);
  }

  /** Where `rel` (with `/` between folders) goes in the new directory, its folders created. */
  private place(rel: string): string {
    const file = path.join(this.temp, ...rel.split('/'));
    const folder = path.dirname(file);
    if (!this.folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      for (let f = folder; f.startsWith(this.temp) && !this.folders.has(f); f = path.dirname(f)) this.folders.add(f);
    }
    return file;
  }

  /** Writes one file, `rel` with `/` between folders, and flushes it. */
  write(rel: string, data: string | Uint8Array): void {
    writeDurably(this.place(rel), typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }

  /**
   * Puts the file `rel` of the directory `source`, unchanged, into the new directory: a hard link (a workspace
   * never changes a file in place, so both directories may share it), or a copy where the file system has no links.
   */
  copy(rel: string, source: string): void {
    const from = path.join(source, ...rel.split('/'));
    const to = this.place(rel);
    try {
      linkSync(from, to);
    } catch {
      writeDurably(to, readFileSync(from));
    }
  }

  /** Puts the written directory in place of what `state` says is at the target. */
  commit(state: TargetState): void {
    for (const folder of this.folders) fsyncDir(folder);
    const { target, temp } = this;
    if (state === 'absent') renameSync(temp, target);
    else if (state === 'empty') {
      rmdirSync(target);
      try {
        renameSync(temp, target);
      } catch (error) {
        mkdirSync(target);
        throw error;
      }
    } else {
      const aside = siblingDir(target, 'replaced');
      renameSync(target, aside);
      try {
        renameSync(temp, target);
      } catch (error) {
        renameSync(aside, target);
        throw error;
      }
      try {
        rmSync(aside, { recursive: true, force: true });
      } catch {
        // The new directory is in place; what is left of the old one is clutter, not a failure.
      }
    }
    fsyncDir(path.dirname(target));
  }

  /** Removes the half-written directory after a failure; the target is as it was. */
  discard(): void {
    rmSync(this.temp, { recursive: true, force: true });
  }
}
