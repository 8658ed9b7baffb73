import { EVENT_KINDS, type EventKind } from '../core/events.ts';
import { WORKSPACE_ID } from './db.ts';
import { WorkspaceError } from './workspaceErrors.ts';
import type { WorkspaceContents, WorkspaceTable } from './workspaceFormat.ts';

/**
 * The shape each table's records must have before they may reach the database: the primary key and every field
 * the page and the pipeline look records up by or read without a guard, with its type. A hand-edited or hostile
 * file that breaks one of them is refused with the file, the record and the field; fields not listed are
 * the page's to read defensively. Also checked: no two records share a key, and the data of a batch, the weights
 * of a version and the aliases point at records that are there.
 */

/** What is wrong with a value, or null: the path inside the value and what was expected there. */
type Problem = { at: string[]; expected: string } | null;
type Check = (value: unknown) => Problem;

const is = (expected: string, test: (v: unknown) => boolean): Check => (v) => (test(v) ? null : { at: [], expected });
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.prototype.toString.call(v) === '[object Object]';

const text = is('a string', (v) => typeof v === 'string');
const id = is('a non-empty string', (v) => typeof v === 'string' && v !== '');
const count = is('a whole number of at least 0', (v) => Number.isSafeInteger(v) && (v as number) >= 0);
const positive = is('a whole number of at least 1', (v) => Number.isSafeInteger(v) && (v as number) >= 1);
const finite = is('a finite number', (v) => typeof v === 'number' && Number.isFinite(v));
const time = is('a finite number (milliseconds)', (v) => typeof v === 'number' && Number.isFinite(v));
const object = is('an object', isPlainObject);
const oneOf = (...values: (string | number)[]): Check => is(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, (v) => values.includes(v as string));
const typed = (...tags: string[]): Check => is(`a ${tags.join(' or ')}`, (v) => tags.includes(Object.prototype.toString.call(v).slice(8, -1)));
const nullable = (check: Check): Check => (v) => (v === null ? null : withExpected(check(v), (e) => `${e} or null`));
const optional = (check: Check): Check => (v) => (v === undefined ? null : withExpected(check(v), (e) => `${e}, or absent`));

function withExpected(problem: Problem, change: (expected: string) => string): Problem {
  return problem && problem.at.length === 0 ? { at: [], expected: change(problem.expected) } : problem;
}

function arrayOf(item: Check | null): Check {
  return (v) => {
    if (!Array.isArray(v)) return { at: [], expected: 'an array' };
    if (!item) return null;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i]);
      if (problem) return { at: [String(i), ...problem.at], expected: problem.expected };
    }
    return null;
  };
}

type Shape = Record<string, Check>;

function shape(fields: Shape): Check {
  return (v) => {
    if (!isPlainObject(v)) return { at: [], expected: 'an object' };
    for (const [field, check] of Object.entries(fields)) {
      const problem = check(v[field]);
      if (problem) return { at: [field, ...problem.at], expected: problem.expected };
    }
    return null;
  };
}

const strings = arrayOf(text);

const TABLE_SHAPES: Record<WorkspaceTable, Shape> = {
  batches: {
    formatVersion: positive,
    id,
    name: text,
    arrivedAt: time,
    bytes: count,
    rows: count,
    columns: arrayOf(shape({ name: text, inferredType: text, type: text })),
    quality: arrayOf(object),
    validation: nullable(object),
  },
  columnChunks: { batchId: id, column: count, chunk: count, data: typed('Float64Array', 'Int32Array') },
  columnDictionaries: { batchId: id, column: count, dictionary: strings },
  events: { seq: positive, at: time, kind: is('an event kind this Relearn knows', (v) => EVENT_KINDS.some((kind) => kind === v)), actor: oneOf('auto', 'user'), batchId: optional(nullable(id)), summary: text },
  workspace: {
    id: oneOf(WORKSPACE_ID),
    schema: shape({ target: nullable(text), typeOverrides: object, drift: optional(object), features: optional(object) }),
    referenceBatchId: nullable(id),
    // Records written before a group of settings existed lack it; readWorkspace fills in the defaults.
    validation: optional(object),
    drift: optional(object),
    pipeline: optional(object),
  },
  referenceProfiles: { batchId: id, column: count, profile: object },
  driftReports: { formatVersion: positive, batchId: id, referenceBatchId: id, key: text, checkedAt: time, warnings: strings, report: shape({ columns: arrayOf(object), dataset: object }) },
  models: {
    formatVersion: positive,
    version: positive,
    createdAt: time,
    source: oneOf('trained', 'imported'),
    stage: oneOf('candidate', 'staging', 'production', 'archived', 'rejected'),
    runId: nullable(id),
    tags: strings,
    description: text,
    card: shape({ task: oneOf('binary', 'multiclass', 'regression'), target: text, preprocessing: object }),
    metrics: nullable(object),
    warnings: strings,
    // Absent in versions written before the class-imbalance check.
    imbalance: optional(nullable(shape({ rows: count, message: text, lowRecall: arrayOf(object) }))),
    // Absent in versions written before permutation importance was computed.
    importance: optional(nullable(shape({ scoring: oneOf('accuracy', 'r2'), repeats: positive, seed: count, rows: count, baseline: finite, columns: arrayOf(shape({ column: text, mean: finite, std: finite })) }))),
    // Absent in versions written before label-free estimation; null for regression (and when it cannot be made).
    calibration: optional(nullable(shape({ formatVersion: positive, method: oneOf('isotonic'), task: oneOf('binary', 'multiclass'), classes: strings, calibrators: arrayOf(object), samplingError: object, rows: count }))),
    lineage: shape({ batches: arrayOf(shape({ id: text, name: text, rows: count })), holdout: arrayOf(shape({ batchId: text, rows: typed('Uint32Array') })) }),
    sizeBytes: count,
  },
  modelArtifacts: { version: positive, modelTopology: object, weightSpecs: arrayOf(shape({ name: text, shape: arrayOf(count), dtype: text })), weightData: typed('ArrayBuffer'), card: object },
  runs: {
    id,
    number: positive,
    createdAt: time,
    state: oneOf('queued', 'running', 'success', 'failed', 'awaiting_approval'),
    trigger: shape({ kind: text, reason: text }),
    batchId: nullable(id),
    config: shape({ target: text, batchIds: strings, settings: object }),
    tasks: arrayOf(shape({ id: text, state: text, tries: count, log: arrayOf(null) })),
  },
  aliases: { name: oneOf('champion', 'challenger'), version: positive, since: time },
  batchQuality: { batchId: id, histograms: arrayOf(nullable(object)), categories: arrayOf(nullable(object)) },
  driftOverlays: { batchId: id, key: text, columns: arrayOf(nullable(object)), labelDrift: nullable(object) },
};

const runLink = shape({ runId: id });
const versionChange = shape({ version: positive, runId: nullable(id) });
const championChange = shape({ version: positive, previous: nullable(positive), runId: nullable(id) });

/**
 * An event's details by its kind (core/events.ts): the fields the page, the pipeline and the CLI read
 * without a guard (links to runs and versions, the champion's history, the shadow summary). Kinds not
 * listed are only shown, as they are.
 */
const EVENT_DETAILS = new Map<string, Check>(
  Object.entries({
    'run.started': runLink,
    'run.finished': runLink,
    'run.interrupted': runLink,
    'run.approval': runLink,
    alert: optional(shape({ runId: optional(id) })),
    'model.trained': versionChange,
    'model.imported': versionChange,
    'model.registered': versionChange,
    'model.rejected': versionChange,
    'model.deleted': versionChange,
    'model.promoted': championChange,
    'model.rolledback': championChange,
    'batch.deleted': shape({ name: text }),
    'champion.checked': shape({ version: positive, since: time }),
    'shadow.scored': shape({ champion: positive, challenger: positive }),
    'policy.fired': shape({ decision: object }),
  } satisfies Partial<Record<EventKind, Check>>),
);

const eventDetails: Check = (v) => {
  if (!isPlainObject(v)) return null;
  const problem = EVENT_DETAILS.get(String(v.kind))?.(v.details) ?? null;
  return problem && { at: ['details', ...problem.at], expected: problem.expected };
};

/** Checks of a whole record, after its fields: one field's shape that depends on another's value. */
const RECORD_CHECKS: Partial<Record<WorkspaceTable, Check>> = { events: eventDetails };

/** The primary key (and, for runs, the unique run number) by which no two records of a table may be alike. */
const KEYS: Record<WorkspaceTable, ((r: Record<string, unknown>) => string)[]> = {
  batches: [(r) => `id ${String(r.id)}`],
  columnChunks: [(r) => `batch ${String(r.batchId)}, column ${String(r.column)}, chunk ${String(r.chunk)}`],
  columnDictionaries: [(r) => `batch ${String(r.batchId)}, column ${String(r.column)}`],
  events: [(r) => `seq ${String(r.seq)}`],
  workspace: [(r) => `id ${String(r.id)}`],
  referenceProfiles: [(r) => `batch ${String(r.batchId)}, column ${String(r.column)}`],
  driftReports: [(r) => `batch ${String(r.batchId)}`],
  models: [(r) => `version ${String(r.version)}`],
  modelArtifacts: [(r) => `version ${String(r.version)}`],
  runs: [(r) => `id ${String(r.id)}`, (r) => `number ${String(r.number)}`],
  aliases: [(r) => `name ${String(r.name)}`],
  batchQuality: [(r) => `batch ${String(r.batchId)}`],
  driftOverlays: [(r) => `batch ${String(r.batchId)}`],
};

const shown = (value: unknown): string => {
  if (value === undefined) return 'missing';
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (typeof value === 'object' && value !== null && tag !== 'Object' && tag !== 'Array') return `a ${tag}`;
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}…` : json;
};

function valueAt(record: unknown, at: string[]): unknown {
  return at.reduce<unknown>((v, key) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined), record);
}

/** Checks one table's records; `file` is the table's file, for the message. */
export function checkTableRecords(table: WorkspaceTable, file: string, records: readonly object[]): void {
  const check = shape(TABLE_SHAPES[table]);
  const seen = KEYS[table].map(() => new Map<string, number>());
  records.forEach((record, i) => {
    const problem = check(record) ?? RECORD_CHECKS[table]?.(record) ?? null;
    if (problem) {
      const field = problem.at.join('.');
      throw new WorkspaceError(file, `record ${i + 1}: "${field}" should be ${problem.expected}, not ${shown(valueAt(record, problem.at))}`);
    }
    KEYS[table].forEach((key, k) => {
      const value = key(record as Record<string, unknown>);
      const first = seen[k]!.get(value);
      if (first !== undefined) throw new WorkspaceError(file, `records ${first + 1} and ${i + 1} have the same ${value}; each "${table}" record needs its own`);
      seen[k]!.set(value, i);
    });
  });
  if (table === 'workspace' && records.length > 1) throw new WorkspaceError(file, `holds ${records.length} records; a workspace has one`);
}

/** Records that belong to another one which must be there: a batch's data, a version's weights, an alias. */
export function checkReferences(contents: WorkspaceContents): void {
  const { tables, manifest } = contents;
  const fileOf = (table: WorkspaceTable): string => manifest.tables[table]?.file ?? `${table}.json`;
  const batches = new Set((tables.batches ?? []).map((b) => (b as { id: string }).id));
  const versions = new Set((tables.models ?? []).map((m) => (m as { version: number }).version));
  const weights = new Set((tables.modelArtifacts ?? []).map((a) => (a as { version: number }).version));
  for (const table of ['columnChunks', 'columnDictionaries', 'referenceProfiles', 'driftReports', 'batchQuality', 'driftOverlays'] as const) {
    (tables[table] ?? []).forEach((record, i) => {
      const batchId = (record as { batchId: string }).batchId;
      if (!batches.has(batchId)) throw new WorkspaceError(fileOf(table), `record ${i + 1} belongs to batch ${batchId}, which ${fileOf('batches')} does not hold`);
    });
  }
  (tables.modelArtifacts ?? []).forEach((record, i) => {
    const version = (record as { version: number }).version;
    if (!versions.has(version)) throw new WorkspaceError(fileOf('modelArtifacts'), `record ${i + 1} holds the weights of version ${version}, which ${fileOf('models')} does not hold`);
  });
  (tables.models ?? []).forEach((record, i) => {
    const version = (record as { version: number }).version;
    if (!weights.has(version)) throw new WorkspaceError(fileOf('models'), `record ${i + 1} (version ${version}) has no weights in ${fileOf('modelArtifacts')}`);
  });
  (tables.aliases ?? []).forEach((record, i) => {
    const { name, version } = record as { name: string; version: number };
    if (!versions.has(version)) throw new WorkspaceError(fileOf('aliases'), `record ${i + 1}: the ${name} is version ${version}, which ${fileOf('models')} does not hold`);
  });
  const reference = (tables.workspace?.[0] as { referenceBatchId?: string | null } | undefined)?.referenceBatchId;
  if (typeof reference === 'string' && !batches.has(reference)) throw new WorkspaceError(fileOf('workspace'), `names batch ${reference} as the reference, which ${fileOf('batches')} does not hold`);
}
