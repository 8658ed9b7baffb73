import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { FileError } from './inputs.ts';

/** What --html takes, for the message when it names a directory. */
export const HTML_TAKES = '--html takes the path of the HTML report to write';

/** Before the work: the file's directory exists and the path is not a directory, else a FileError saying so. */
export function checkOutputPath(file: string, takes: string): void {
  const target = path.resolve(file);
  let stat;
  try {
    stat = statSync(path.dirname(target));
  } catch {
    throw new FileError(file, 'cannot be written (its directory does not exist); nothing was done');
  }
  if (!stat.isDirectory()) throw new FileError(file, 'cannot be written (its directory is not a directory); nothing was done');
  try {
    if (statSync(target).isDirectory()) throw new FileError(file, `is a directory; ${takes}`);
  } catch (error) {
    if (error instanceof FileError) throw error;
  }
}

/** Writes text parts to a hidden file beside `file`, then renames it into place: never a half-written file. */
export function writeFileAtomically(file: string, parts: string[], takes: string): void {
  const target = path.resolve(file);
  try {
    if (statSync(target).isDirectory()) throw new FileError(file, `is a directory; ${takes}`);
  } catch (error) {
    if (error instanceof FileError) throw error;
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.writing-${randomBytes(4).toString('hex')}`);
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'wx');
    for (const part of parts) {
      const bytes = Buffer.from(part, 'utf8');
      let at = 0;
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, target);
  } catch (error) {
    if (fd !== null) closeSync(fd);
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'its directory does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOSPC' ? 'no space left on the device' : String(code ?? error);
    throw new FileError(file, `cannot be written (${why}); nothing was written`);
  }
}
