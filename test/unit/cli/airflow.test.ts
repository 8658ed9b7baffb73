import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pyString, shellWord } from '../../../src/cli/airflow.ts';
import { demoBatches } from '../../../src/core/demo.ts';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { loadWorkspaceDir, memoryDb, saveWorkspaceDir } from '../../../src/storage/directory.ts';
import { changePipelineSettings } from '../../../src/storage/commands/pipelineSettings.ts';
import { runMain } from '../helpers/cliOutput.ts';
import { repoRoot } from '../helpers/fixtures.ts';

const PYTHON = '/usr/bin/python3';
const PY_ENV = { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONUTF8: '1' };
const root = mkdtempSync(path.join(tmpdir(), 'relearn-airflow-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let fresh = 0;
/** A folder whose name has a double quote, a single quote, spaces and non-ASCII letters: quoting must hold. */
const oddFolder = (): string => {
  const dir = path.join(root, `${++fresh} my "odd" folder's é 🌧`);
  mkdirSync(dir);
  return dir;
};

/** Runs Python on the text; gives stdout, or fails the test with stderr. */
function python(code: string, input: string, ...args: string[]): string {
  const result = spawnSync(PYTHON, ['-c', code, ...args], { input, encoding: 'utf8', env: PY_ENV });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

/** The DAG's module docstring and its top-level constants, read by Python's own parser. */
function parsed(dag: string): { doc: string; constants: Record<string, unknown> } {
  const code = `
import ast, json, sys
tree = ast.parse(sys.stdin.read())
constants = {}
for node in tree.body:
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        try:
            constants[node.targets[0].id] = ast.literal_eval(node.value)
        except ValueError:
            constants[node.targets[0].id] = ast.unparse(node.value)
print(json.dumps({"doc": ast.get_docstring(tree), "constants": constants}))
`;
  return JSON.parse(python(code, dag)) as { doc: string; constants: Record<string, unknown> };
}

async function exportDag(workspace: string, ...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runMain(['export-airflow', '--workspace', workspace, ...extra]);
}

describe('relearn export-airflow', () => {
  it('prints a DAG that Python parses, naming the workspace (quoted safely) and the run command', async () => {
    const workspace = path.join(oddFolder(), 'ws');
    const { code, stdout, stderr } = await exportDag(workspace);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    python('import ast,sys; ast.parse(sys.stdin.read())', stdout);
    const { doc, constants } = parsed(stdout);
    expect(constants.WORKSPACE).toBe(workspace);
    expect(constants.INBOX).toBe(`${workspace}-inbox`);
    expect(constants.RELEARN).toEqual([process.execPath, path.join(repoRoot, 'bin', 'relearn.js')]);
    expect(constants.SCHEDULE).toBe('timedelta(minutes=15)');
    expect(doc).toContain(`the retraining pipeline of the workspace ${workspace}, run by Airflow`);
    expect(doc).toContain(`relearn run --workspace ${shellWord(workspace)} --batch FILE --json`);
    expect(doc).toContain('Every 15 minutes (the workspace has no schedule rule), this DAG lists the CSV files in the inbox');
    expect(doc).toContain('The workspace does not exist yet');
    expect(constants.RUN_BATCHES).toContain('@RELEARN@ run --workspace "$WORKSPACE" --batch "$batch" --json');
    expect(stdout).toMatch(/^import os$/m);
    expect(stdout).toContain('BashOperator(');
    expect(stdout).toContain('dag_id="relearn_ws"');
    // Only ASCII: every other character is escaped for Python.
    expect([...stdout].filter((c) => c !== '\n' && (c < ' ' || c > '~'))).toEqual([]);
  });

  it('takes the schedule from the workspace’s policy when it has a schedule rule, and writes --out', async () => {
    const workspace = path.join(oddFolder(), 'weekly');
    const db = memoryDb();
    const settings = defaultPipelineSettings();
    await changePipelineSettings(db, { ...settings, policy: { ...settings.policy, schedule: { enabled: true, days: 7 } } });
    await saveWorkspaceDir(db, workspace, { createdBy: 'test', modelJson: () => '{}' });
    db.close();
    const out = path.join(oddFolder(), 'relearn_dag.py');
    const { code, stdout, stderr } = await exportDag(workspace, '--out', out, '--inbox', path.join(root, 'in box'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(`wrote ${out}: DAG "relearn_weekly", every 7 days (the workspace's schedule rule), inbox ${path.join(root, 'in box')}\n`);
    const { doc, constants } = parsed(readFileSync(out, 'utf8'));
    expect(constants.SCHEDULE).toBe('timedelta(days=7)');
    expect(constants.INBOX).toBe(path.join(root, 'in box'));
    expect(doc).toContain("The schedule follows the workspace's trigger policy");
    expect(readdirSync(path.dirname(out))).toEqual(['relearn_dag.py']);
  });

  it('refuses a directory that is not a workspace, and a path Airflow would read as a template', async () => {
    const other = oddFolder();
    writeFileSync(path.join(other, 'notes.txt'), 'x');
    let result = await exportDag(other);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: not a Relearn workspace: /);
    result = await exportDag(path.join(root, 'ws {{ ds }}'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/which Airflow would read as a template/);
    result = await exportDag('');
    expect(result.code).toBe(2);
  });

  it('Python string literals hold any text', () => {
    const text = 'a "b" \\ c\nd\u0000 é 🌧 \u2028';
    const back = python('import ast,sys; print(ast.literal_eval(sys.stdin.read()), end="")', pyString(text));
    expect(back).toBe(text);
  });
});

/**
 * The DAG run the way Airflow would run it, with stand-ins for Airflow's modules: list_inbox, then the
 * BashOperator's script with its environment, calling the real relearn on the inbox's files.
 */
const STUB_AIRFLOW = `
import importlib.util, json, os, subprocess, sys, types
captured = {}
class Ref:
    def __rshift__(self, other):
        return other
class TaskDecorator:
    def short_circuit(self, fn):
        captured["list_inbox"] = fn
        return lambda *a, **k: Ref()
def dag(**kwargs):
    captured["dag"] = kwargs
    return lambda fn: fn
class BashOperator(Ref):
    def __init__(self, **kwargs):
        captured["bash"] = kwargs
modules = {name: types.ModuleType(name) for name in ["airflow", "airflow.decorators", "airflow.operators", "airflow.operators.bash"]}
modules["airflow.decorators"].dag = dag
modules["airflow.decorators"].task = TaskDecorator()
modules["airflow.operators.bash"].BashOperator = BashOperator
sys.modules.update(modules)
spec = importlib.util.spec_from_file_location("relearn_dag", sys.argv[1])
spec.loader.exec_module(importlib.util.module_from_spec(spec))
listing = captured["list_inbox"]()
env = dict(os.environ)
env.update({k: v for k, v in captured["bash"]["env"].items() if k != "BATCHES"})
env["BATCHES"] = listing
proc = subprocess.run(["bash", "-c", captured["bash"]["bash_command"]], env=env, capture_output=True, text=True)
print(json.dumps({"dag": {k: repr(v) for k, v in captured["dag"].items()}, "listing": listing, "template": captured["bash"]["env"]["BATCHES"], "append_env": captured["bash"]["append_env"], "code": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}))
`;

describe('the exported DAG, run with stand-ins for Airflow', () => {
  it('feeds the inbox to relearn run oldest first, moves each file, and fails on the first non-zero exit', { timeout: 120_000 }, async () => {
    const folder = oddFolder();
    const workspace = path.join(folder, 'ws');
    const inbox = path.join(folder, 'in box');
    const dagFile = path.join(folder, 'dag.py');
    expect((await exportDag(workspace, '--inbox', inbox, '--out', dagFile)).code).toBe(0);
    mkdirSync(inbox);
    const [seattle] = demoBatches(readFileSync(path.join(repoRoot, 'node_modules', 'vega-datasets', 'data', 'weather.csv'), 'utf8'));
    // A target is set on a workspace's first run; an Airflow-fed workspace gets it from the page, here from storage.
    const db = memoryDb();
    const { changeWorkspace } = await import('../../../src/app/workspace/schemaChanges.ts');
    await changeWorkspace(db, { target: 'weather' });
    const settings = defaultPipelineSettings();
    await changePipelineSettings(db, { ...settings, params: { ...settings.params, epochs: 2 } });
    await saveWorkspaceDir(db, workspace, { createdBy: 'test', modelJson: () => '{}' });
    db.close();
    const files = { 'z first "one".csv': seattle!.csv, 'a then broken.csv': 'a,b\n\u0000,1\n', 'm never reached.csv': seattle!.csv.replace('2012', '2011'), 'notes.txt': 'not a batch' };
    const at = Date.now() / 1000 - 100;
    Object.entries(files).forEach(([name, text], i) => {
      writeFileSync(path.join(inbox, name), text);
      utimesSync(path.join(inbox, name), at + i, at + i);
    });

    const run = spawnSync(PYTHON, ['-c', STUB_AIRFLOW, dagFile], { encoding: 'utf8', timeout: 100_000, env: PY_ENV });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { dag: Record<string, string>; listing: string; template: string; append_env: boolean; code: number; stdout: string; stderr: string };
    expect(result.dag).toMatchObject({ dag_id: "'relearn_ws'", schedule: 'datetime.timedelta(seconds=900)', catchup: 'False', max_active_runs: '1' });
    expect(result.template).toBe("{{ ti.xcom_pull(task_ids='list_inbox') }}");
    expect(result.append_env).toBe(true);
    expect(result.listing.split('\n')).toEqual(['z first "one".csv', 'a then broken.csv', 'm never reached.csv'].map((n) => path.join(inbox, n)));
    // The first batch ran (exit 0) and was moved to processed/; the broken one failed the task (exit 1), moved to failed/.
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout.slice(result.stdout.indexOf('{'), result.stdout.lastIndexOf('}') + 1))).toMatchObject({ run: { outcome: 'promoted' } });
    expect(result.stderr).toContain('a then broken.csv:2: ');
    expect(result.stderr).toContain('the batches after');
    expect(readdirSync(path.join(inbox, 'processed'))).toEqual(['z first "one".csv']);
    expect(readdirSync(path.join(inbox, 'failed'))).toEqual(['a then broken.csv']);
    expect(readdirSync(inbox).sort()).toEqual(['failed', 'm never reached.csv', 'notes.txt', 'processed']);
    const loaded = await loadWorkspaceDir(workspace);
    try {
      expect((await loaded.batches.toArray()).map((b) => b.name)).toEqual(['z first "one".csv']);
    } finally {
      loaded.close();
    }
    expect(existsSync(`${workspace}.lock`)).toBe(false);
  });
});
