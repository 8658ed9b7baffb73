import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultPolicy, type TriggerPolicy } from '../core/pipeline/policy.ts';
import { loadWorkspaceDir, workspaceDirState } from '../storage/directory.ts';
import { readWorkspace } from '../storage/queries/workspace.ts';
import { WorkspaceError } from '../storage/workspaceErrors.ts';
import { FileError, reportInputError } from './inputs.ts';

export interface AirflowOptions {
  workspace: string;
  out: string | null;
  inbox: string | null;
}

const OPTIONS = {
  workspace: { type: 'string' },
  out: { type: 'string' },
  inbox: { type: 'string' },
} as const;

export function parseAirflowArgs(args: string[]): { options: AirflowOptions } | { problems: string[] } {
  let values;
  try {
    ({ values } = parseArgs({ args, options: OPTIONS, allowPositionals: false }));
  } catch (error) {
    return { problems: [(error as Error).message] };
  }
  if (!values.workspace) return { problems: ['export-airflow needs --workspace DIR'] };
  return { options: { workspace: values.workspace, out: values.out ?? null, inbox: values.inbox ?? null } };
}

/** How often the DAG looks at the inbox when the workspace has no schedule rule. */
export const DEFAULT_INTERVAL_MINUTES = 15;

export interface DagInput {
  workspace: string;
  inbox: string;
  /** The command that runs relearn, as arguments (node and bin/relearn.js by default). */
  relearn: string[];
  policy: TriggerPolicy;
  /** Why the policy is what it is (a workspace that does not exist yet has the defaults). */
  policyNote: string;
}

/** A Python string literal for any text: ASCII only, every other character escaped (astral ones as \U). */
function pyEscape(text: string, keepNewlines: boolean): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (ch === '\n' && keepNewlines) out += ch;
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out;
}

export const pyString = (text: string): string => `"${pyEscape(text, false)}"`;

/** A word for a POSIX shell: as it is when plain, else in single quotes. */
export const shellWord = (text: string): string => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

const dagId = (workspace: string): string => `relearn_${path.basename(workspace).replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 200);

/** What the DAG's schedule is, as Python, and in words. */
function schedule(policy: TriggerPolicy): { python: string; words: string } {
  if (policy.schedule.enabled) {
    const days = policy.schedule.days;
    return { python: `timedelta(days=${days})`, words: `every ${days === 1 ? 'day' : `${days} days`} (the workspace's schedule rule)` };
  }
  return { python: `timedelta(minutes=${DEFAULT_INTERVAL_MINUTES})`, words: `every ${DEFAULT_INTERVAL_MINUTES} minutes (the workspace has no schedule rule)` };
}

/**
 * The bash run by the DAG's relearn_run task: each listed file in turn, stopping at the first non-zero exit.
 * Values come in through the environment, so no path is ever parsed by bash or by Airflow's templates.
 */
const RUN_BATCHES = `set -u
mkdir -p -- "$PROCESSED" "$FAILED"
while IFS= read -r batch; do
  [ -n "$batch" ] || continue
  echo "relearn run --batch $batch"
  @RELEARN@ run --workspace "$WORKSPACE" --batch "$batch" --json
  code=$?
  if [ "$code" -eq 0 ] || [ "$code" -eq 4 ]; then
    mv -f -- "$batch" "$PROCESSED/"
  else
    mv -f -- "$batch" "$FAILED/"
    echo "moved $batch to $FAILED: fix it and put it in the inbox again" >&2
  fi
  if [ "$code" -ne 0 ]; then
    echo "relearn run exited with status $code; the batches after $batch wait for the next DAG run" >&2
    exit "$code"
  fi
done <<< "$BATCHES"
`;

/** The Airflow DAG file (Python) that feeds an inbox folder's CSV files to `relearn run`, one after another. */
export function airflowDag(input: DagInput): string {
  const when = schedule(input.policy);
  const command = `relearn run --workspace ${shellWord(input.workspace)} --batch FILE --json`;
  const doc = `Relearn: the retraining pipeline of the workspace ${input.workspace}, run by Airflow.

${when.words.replace(/^e/, 'E')}, this DAG lists the CSV files in the inbox
    ${input.inbox}
oldest first, and runs each one through Relearn:
    ${command}
which adds the batch to the workspace, checks drift, lets the workspace's trigger policy decide and
runs the pipeline (validate, train, evaluate, compare, gate, promote or reject), then saves the workspace.

Exit status 0 (promoted, rejected, skipped, awaiting approval, or no run needed) and 4 (the run failed:
the batch is stored and an alert recorded) move the file to processed/ in the inbox; any other status
(1: the batch was refused, such as a file that is not CSV or is already in the workspace) moves it to
failed/. A non-zero status fails the task, and the files after it wait for the next DAG run.

Generated by: relearn export-airflow --workspace ${shellWord(input.workspace)}
${input.policyNote}
Edit RELEARN below if Airflow's workers run relearn from another path.
`;
  for (const value of [input.workspace, input.inbox, ...input.relearn]) {
    if (/\{\{|\{%|\{#/.test(value)) throw new FileError(value, 'contains "{{", "{%" or "{#", which Airflow would read as a template; use a path without them');
  }
  return `"""${pyEscape(doc, true)}"""
from __future__ import annotations

import os
import shlex
from datetime import datetime, timedelta

try:  # Airflow 3
    from airflow.sdk import dag, task
except ImportError:  # Airflow 2.4 and later
    from airflow.decorators import dag, task
try:
    from airflow.providers.standard.operators.bash import BashOperator
except ImportError:
    from airflow.operators.bash import BashOperator

WORKSPACE = ${pyString(input.workspace)}
INBOX = ${pyString(input.inbox)}
PROCESSED = os.path.join(INBOX, "processed")
FAILED = os.path.join(INBOX, "failed")
RELEARN = [${input.relearn.map(pyString).join(', ')}]
SCHEDULE = ${when.python}

RUN_BATCHES = '''${RUN_BATCHES}'''.replace("@RELEARN@", shlex.join(RELEARN))


@task.short_circuit
def list_inbox() -> str:
    """The CSV files waiting in the inbox, oldest first, one path per line; none: the run stops here."""
    os.makedirs(INBOX, exist_ok=True)
    found = []
    for entry in os.scandir(INBOX):
        if not (entry.is_file() and entry.name.lower().endswith(".csv")):
            continue
        if "\\n" in entry.name or "\\r" in entry.name:
            print(f"skipped {entry.name!r}: a line break in a file name")
            continue
        found.append((entry.stat().st_mtime, entry.name, entry.path))
    found.sort()
    return "\\n".join(path for _, _, path in found)


@dag(
    dag_id=${pyString(dagId(input.workspace))},
    schedule=SCHEDULE,
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["relearn"],
)
def relearn_pipeline():
    batches = list_inbox()
    run = BashOperator(
        task_id="relearn_run",
        bash_command=RUN_BATCHES,
        env={
            "WORKSPACE": WORKSPACE,
            "PROCESSED": PROCESSED,
            "FAILED": FAILED,
            "BATCHES": "{{ ti.xcom_pull(task_ids='list_inbox') }}",
        },
        append_env=True,
    )
    batches >> run


relearn_pipeline()
`;
}

/** node and this checkout's bin/relearn.js: what runs relearn on this machine. */
export const defaultRelearnCommand = (): string[] => [process.execPath, fileURLToPath(new URL('../../bin/relearn.js', import.meta.url))];

/** Writes a file through a hidden sibling and a rename: Airflow never reads a half-written DAG. */
function writeAtomically(file: string, text: string): void {
  try {
    if (statSync(file).isDirectory()) throw new FileError(file, 'is a directory; --out takes the path of the DAG file to write');
  } catch (error) {
    if (error instanceof FileError) throw error;
  }
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.writing-${randomBytes(4).toString('hex')}`);
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new FileError(file, `cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** `relearn export-airflow`: prints the DAG, or writes it to --out. Exit status 0, or 1 for a bad directory. */
export async function runExportAirflow(options: AirflowOptions): Promise<number> {
  try {
    const workspace = path.resolve(options.workspace);
    const inbox = path.resolve(options.inbox ?? `${workspace}-inbox`);
    let policy = defaultPolicy();
    let policyNote = 'The workspace does not exist yet: the first relearn run creates it, with the default trigger policy.';
    if (workspaceDirState(workspace) === 'workspace') {
      const db = await loadWorkspaceDir(workspace, { tables: ['workspace'] });
      try {
        policy = (await readWorkspace(db)).pipeline.policy;
      } finally {
        db.close();
      }
      policyNote = "The schedule follows the workspace's trigger policy as it was when this file was generated.";
    }
    const text = airflowDag({ workspace, inbox, relearn: defaultRelearnCommand(), policy, policyNote });
    if (options.out === null) process.stdout.write(text);
    else {
      writeAtomically(options.out, text);
      process.stdout.write(`wrote ${options.out}: DAG "${dagId(workspace)}", ${schedule(policy).words}, inbox ${inbox}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof WorkspaceError) {
      process.stderr.write(`error: ${error.describe()}\n`);
      return 1;
    }
    return reportInputError(error);
  }
}
