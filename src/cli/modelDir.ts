import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { StagedDir } from '../storage/atomicDir.ts';
import { FileError } from './inputs.ts';

/**
 * A model directory is exactly the pair `model.json` (topology, weights manifest, and the Relearn model card
 * as `userDefinedMetadata.relearn`) and `weights.bin`: for linear and mlp the standard TensorFlow.js files,
 * which `tf.loadLayersModel` opens anywhere; for gbdt and forest the same layout in Relearn's tree format
 * (`format: 'relearn-trees'`). `relearn evaluate` and `predict` read the card back from either.
 */
export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

const errnoText = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOSPC' ? 'no space left on the device' : `${code ?? String(error)}`;
};

interface ModelJsonHead {
  weightsManifest?: { paths?: unknown }[];
  userDefinedMetadata?: { relearn?: unknown };
}

/** The weight files model.json names, each a plain file name beside it; null when they are not. */
function weightPaths(json: ModelJsonHead): string[] | null {
  if (!Array.isArray(json.weightsManifest)) return null;
  const paths = json.weightsManifest.flatMap((group) => (Array.isArray(group?.paths) ? (group.paths as unknown[]) : [null]));
  const plain = (p: unknown): p is string => typeof p === 'string' && p !== '' && p !== '.' && p !== '..' && !/[/\\]/.test(p);
  return paths.every(plain) ? paths : null;
}

/** Whether the directory holds only a Relearn model: its model.json with a card, and the weight files it names. */
function holdsRelearnModel(dir: string, entries: string[]): boolean {
  if (!entries.includes(MODEL_JSON)) return false;
  let json: ModelJsonHead;
  try {
    json = JSON.parse(readFileSync(path.join(dir, MODEL_JSON), 'utf8')) as ModelJsonHead;
  } catch {
    return false;
  }
  const card = json?.userDefinedMetadata?.relearn;
  const weights = weightPaths(json ?? {});
  return typeof card === 'object' && card !== null && weights !== null && entries.every((e) => e === MODEL_JSON || weights.includes(e));
}

export type OutDirState = 'absent' | 'empty' | 'model';

/**
 * What `--out DIR` holds now. A new or empty directory is written; a directory holding only a Relearn
 * model is replaced; anything else (a file, other files) is refused, so no one's files are overwritten.
 */
export function outDirState(dir: string): OutDirState {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new FileError(dir, 'exists and is not a directory; --out takes a directory to write model.json and weights.bin into');
    entries = readdirSync(dir);
  } catch (error) {
    if (error instanceof FileError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw new FileError(dir, `cannot be read (${errnoText(error)})`);
  }
  if (entries.length === 0) return 'empty';
  if (holdsRelearnModel(dir, entries)) return 'model';
  const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? `, … (${entries.length} entries)` : '');
  throw new FileError(dir, `is not empty and holds no Relearn model (${shown}); give --out a new or empty directory, or one that relearn train wrote, to replace that model`);
}

/**
 * Writes model.json and weights.bin into a hidden directory beside DIR, then renames it into place: DIR is
 * never seen half-written. An existing Relearn model in DIR is moved aside first and removed once the new
 * one is in place (restored if the rename fails).
 */
export function writeModelDir(dir: string, files: { modelJson: string; weights: ArrayBuffer }): 'created' | 'replaced' {
  const target = path.resolve(dir);
  try {
    mkdirSync(path.dirname(target), { recursive: true });
  } catch (error) {
    throw new FileError(dir, `its parent directory cannot be created (${errnoText(error)})`);
  }
  const state = outDirState(target);
  let staged: StagedDir;
  try {
    staged = new StagedDir(target);
  } catch (error) {
    throw new FileError(dir, `cannot be written (${errnoText(error)})`);
  }
  try {
    staged.write(MODEL_JSON, files.modelJson);
    staged.write(WEIGHTS_BIN, new Uint8Array(files.weights));
    staged.commit(state === 'model' ? 'full' : state);
  } catch (error) {
    staged.discard();
    throw new FileError(dir, `cannot be written (${errnoText(error)}); nothing was changed`);
  }
  return state === 'model' ? 'replaced' : 'created';
}

/**
 * Reads a model directory's model.json and its weight files (concatenated in manifest order). `--model`
 * may also name the model.json itself. Gives the path of model.json for messages about its content.
 */
export function readModelDir(given: string): { modelJson: string; weights: ArrayBuffer; jsonFile: string } {
  let dir = given;
  try {
    const stat = statSync(given);
    if (stat.isFile() && path.basename(given) === MODEL_JSON) dir = path.dirname(given);
    else if (!stat.isDirectory()) throw new FileError(given, 'is not a directory; --model takes the directory that relearn train --out wrote');
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError(given, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : `cannot be read (${errnoText(error)})`);
  }
  const jsonFile = path.join(dir, MODEL_JSON);
  let modelJson: string;
  try {
    modelJson = readFileSync(jsonFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new FileError(dir, `has no ${MODEL_JSON}: not a model directory (relearn train --out DIR writes one)`);
    throw new FileError(jsonFile, `cannot be read (${errnoText(error)})`);
  }
  let head: ModelJsonHead;
  try {
    head = JSON.parse(modelJson) as ModelJsonHead;
  } catch (error) {
    throw new FileError(jsonFile, `is not JSON (${error instanceof Error ? error.message : String(error)}): not a model saved by relearn train`);
  }
  const paths = weightPaths(head ?? {});
  if (!paths) throw new FileError(jsonFile, 'has no weightsManifest naming weight files beside it: it is not a model saved by relearn train');
  const parts = paths.map((name) => {
    const file = path.join(dir, name);
    try {
      return readFileSync(file);
    } catch (error) {
      throw new FileError(file, `${errnoText(error)}; ${MODEL_JSON} names it in its weightsManifest`);
    }
  });
  const bytes = Buffer.concat(parts);
  const weights = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { modelJson, weights, jsonFile };
}
