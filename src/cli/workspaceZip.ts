import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lockWorkspace } from '../storage/dirLock.ts';
import { loadWorkspaceDir, memoryDb, saveWorkspaceDir, workspaceDirState } from '../storage/directory.ts';
import { loadIntoDb, type WorkspaceManifest } from '../storage/workspaceFormat.ts';
import { NotAWorkspaceError, WorkspaceError } from '../storage/workspaceErrors.ts';
import { countsInDb, countsText, type WorkspaceCounts } from '../storage/queries/workspaceCounts.ts';
import { exportWorkspaceZip, readWorkspaceZip } from '../storage/workspaceZip.ts';
import { FileError } from './inputs.ts';
import { fileSize } from './nodeFiles.ts';
import { reportWorkspaceError, VERSION } from './run.ts';
import { nodeMl } from './tfNode.ts';

export interface WorkspaceZipOptions {
  workspace: string;
  zip: string;
  json: boolean;
}

/** What `relearn export-workspace --json` and `relearn import-workspace --json` print. */
export interface WorkspaceZipJson {
  workspace: string;
  zip: string;
  bytes: number;
  counts: WorkspaceCounts;
  manifest: Pick<WorkspaceManifest, 'formatVersion' | 'dbVersion' | 'createdBy' | 'savedAt'>;
}

type Command = 'export-workspace' | 'import-workspace';

/** export-workspace takes --workspace DIR --out FILE; import-workspace --zip FILE --workspace DIR. */
export function parseWorkspaceZipArgs(command: Command, args: string[]): { options: WorkspaceZipOptions } | { problems: string[] } {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { workspace: { type: 'string' }, out: { type: 'string' }, zip: { type: 'string' }, json: { type: 'boolean', default: false } }, allowPositionals: false }));
  } catch (error) {
    return { problems: [(error as Error).message] };
  }
  const fileOption = command === 'export-workspace' ? 'out' : 'zip';
  const other = command === 'export-workspace' ? 'zip' : 'out';
  const problems: string[] = [];
  if (!values.workspace) problems.push(`${command} needs --workspace DIR`);
  const zip = values[fileOption];
  if (!zip) problems.push(`${command} needs --${fileOption} FILE`);
  if (values[other] !== undefined) problems.push(`${command} takes --${fileOption} FILE, not --${other}`);
  if (problems.length > 0 || !values.workspace || !zip) return { problems };
  return { options: { workspace: values.workspace, zip, json: values.json } };
}

const megabytes = (bytes: number): string => (bytes < 100_000 ? `${(bytes / 1000).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`);

function report(json: WorkspaceZipJson, asJson: boolean, line: string): number {
  process.stdout.write(asJson ? `${JSON.stringify(json, null, 2)}\n` : `${line}\n`);
  return 0;
}

const manifestPart = (m: WorkspaceManifest): WorkspaceZipJson['manifest'] => ({ formatVersion: m.formatVersion, dbVersion: m.dbVersion, createdBy: m.createdBy, savedAt: m.savedAt });

/**
 * `relearn export-workspace`: the workspace directory as one zip file (the page's Storage section imports it),
 * written beside FILE and renamed into place, so an interrupted export leaves no half file. The directory is
 * locked while it is read, so no `relearn run` saves in the middle.
 */
export async function runExportWorkspace(options: WorkspaceZipOptions): Promise<number> {
  let lock;
  try {
    lock = lockWorkspace(options.workspace, 'relearn export-workspace');
  } catch (error) {
    return reportWorkspaceError(error);
  }
  const temp = path.join(path.dirname(path.resolve(options.zip)), `.${path.basename(options.zip)}.writing-${randomBytes(4).toString('hex')}`);
  try {
    const db = await loadWorkspaceDir(options.workspace);
    try {
      const ml = await nodeMl();
      const createdBy = `relearn ${VERSION} (relearn export-workspace)`;
      const bytes = await exportWorkspaceZip(db, { modelJson: (artifacts) => ml.modelFiles(artifacts).modelJson, createdBy });
      try {
        writeFileSync(temp, bytes);
        renameSync(temp, options.zip);
      } catch (error) {
        throw new FileError(options.zip, `cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
      const manifest = (await readWorkspaceZip(bytes, db.verno)).manifest;
      const counts = await countsInDb(db);
      const json: WorkspaceZipJson = { workspace: path.resolve(options.workspace), zip: path.resolve(options.zip), bytes: bytes.byteLength, counts, manifest: manifestPart(manifest) };
      return report(json, options.json, `exported ${json.workspace} (${countsText(counts)}, ${counts.events} events) to ${json.zip}: ${megabytes(bytes.byteLength)}, workspace format ${manifest.formatVersion}`);
    } finally {
      db.close();
    }
  } catch (error) {
    return reportWorkspaceError(error);
  } finally {
    rmSync(temp, { force: true });
    lock.release();
  }
}

/** Refuses a DIR that holds anything: an import never replaces a workspace, so a mistyped DIR cannot cost one. */
function emptyTarget(dir: string): void {
  const refuse = (what: string): WorkspaceError => new WorkspaceError(dir, `${what}; import into a new or empty directory (to replace a workspace, remove it first)`);
  let state;
  try {
    state = workspaceDirState(dir);
  } catch (error) {
    if (error instanceof NotAWorkspaceError) throw refuse('is not empty');
    throw error;
  }
  if (state === 'workspace') throw refuse('holds a workspace already');
}

/**
 * `relearn import-workspace`: checks all of a workspace zip file (the archive, every file, every record, and that
 * the records can be stored) before it writes anything, then writes it as a workspace directory. DIR must be
 * missing or empty.
 */
export async function runImportWorkspace(options: WorkspaceZipOptions): Promise<number> {
  let bytes: Uint8Array;
  try {
    fileSize(options.zip);
    bytes = readFileSync(options.zip);
  } catch (error) {
    return reportWorkspaceError(new FileError(options.zip, error instanceof Error ? error.message : String(error)));
  }
  let lock;
  try {
    lock = lockWorkspace(options.workspace, 'relearn import-workspace');
  } catch (error) {
    return reportWorkspaceError(error);
  }
  const db = memoryDb();
  try {
    emptyTarget(options.workspace);
    const named = (file: string): string => (file === '.' ? options.zip : `${options.zip}/${file}`);
    const contents = await readWorkspaceZip(bytes, db.verno).catch((error: unknown) => {
      throw error instanceof WorkspaceError ? error.under(named) : error;
    });
    await loadIntoDb(db, contents).catch((error: unknown) => {
      throw error instanceof WorkspaceError ? error.under(named) : error;
    });
    const ml = await nodeMl();
    await saveWorkspaceDir(db, options.workspace, { modelJson: (artifacts) => ml.modelFiles(artifacts).modelJson, createdBy: `relearn ${VERSION} (relearn import-workspace)` });
    const counts = await countsInDb(db);
    const json: WorkspaceZipJson = { workspace: path.resolve(options.workspace), zip: path.resolve(options.zip), bytes: bytes.byteLength, counts, manifest: manifestPart(contents.manifest) };
    return report(json, options.json, `imported ${json.zip} (${contents.manifest.createdBy}, saved ${contents.manifest.savedAt}) into ${json.workspace}: ${countsText(counts)}, ${counts.events} events`);
  } catch (error) {
    return reportWorkspaceError(error);
  } finally {
    db.close();
    lock.release();
  }
}
