import { parseArgs } from 'node:util';
import { InputError } from '../core/errors.ts';
import { DEFAULT_MIN_IMPROVEMENT_TEXT, defaultGateSettings } from '../core/pipeline/settings.ts';
import { parseAirflowArgs, runExportAirflow } from './airflow.ts';
import { parseCompareArgs, runCompare } from './compare.ts';
import { parseDriftArgs, runDrift } from './drift.ts';
import { parseEstimateArgs, runEstimate } from './estimate.ts';
import { formatInspect, inspectFile } from './inspect.ts';
import { parseRunArgs, runRun } from './run.ts';
import { parseScoreArgs, runEvaluate, runPredict } from './score.ts';
import { parseTrainArgs, runTrain } from './train.ts';
import { parseWorkspaceZipArgs, runExportWorkspace, runImportWorkspace } from './workspaceZip.ts';

const GATE_DEFAULTS = defaultGateSettings();

const USAGE = `usage: relearn <command> [options]

commands:
  inspect FILE [--json]   read a CSV file: rows, delimiter, column types, missing values, min/max/mean/std, top categories
  drift --reference FILE --current FILE [options]
                          compare a current batch with a reference batch, column by column
                          (the current file is read with the reference's column types)
  train --data FILE --target COLUMN --out DIR [options]
                          train a model on a CSV file; DIR gets model.json + weights.bin (TensorFlow.js for
                          linear and mlp, Relearn's tree format for gbdt and forest)
  evaluate --model DIR --data FILE [--json]
                          score a model on a CSV file that has the target column: metrics
  predict --model DIR --data FILE --out FILE [--json]
                          write FILE: the input's columns, then prediction (and probability_<class>)
  estimate --model DIR --data FILE [--calibrate-on FILE] [--json]
                          estimate a classifier's accuracy, precision, recall, F1 and ROC AUC on FILE without
                          its labels (NannyML's CBPE); realised beside them when FILE has the target
  compare --champion DIR --challenger DIR --data FILE [options]
                          score two models on the same rows of FILE: metrics side by side, McNemar,
                          a paired bootstrap interval, and the gate's decision (promote or keep)
  run --workspace DIR --batch FILE [--target COLUMN] [--json] [--html FILE]
                          add a batch to a workspace directory (created when missing), check drift, let the
                          trigger policy decide, run the retraining pipeline, save the workspace
  export-airflow --workspace DIR [--out FILE] [--inbox DIR]
                          an Airflow DAG (Python) that feeds an inbox folder's CSV files to relearn run
  export-workspace --workspace DIR --out FILE [--json]
                          write a workspace directory as one zip file, the file the page's Storage section imports
  import-workspace --zip FILE --workspace DIR [--json]
                          check all of a workspace zip file (from the page or export-workspace), then unpack it
                          into a new or empty directory DIR

drift options:
  --json                  print the report as JSON (the shape of the statistics fixtures)
  --alpha P               significance level of the KS and chi-square tests (default 0.05)
  --drift-share S         dataset drift when drifted / checked columns >= S (default 0.5)
  --correction C          none | bonferroni | fdr: multiple-testing correction of p-values (default none)
  --target COLUMN         report this column as label drift, outside the dataset share
  --statistic S --threshold T
                          decide every column it applies to by S: ks | chi2 (drift when p < T),
                          psi | wasserstein | jensenShannon (drift when value >= T)
  --exclude a,b           leave these columns out of the dataset share (listed as "excluded", drift null)
  --include a,b           put back columns left out by default: datetime columns and id-like ones (unique on
                          at least 95% of the reference's rows) are left out of the share unless named here
  --fail-on-drift         exit with status 3 when the dataset drifted (for cron or Airflow)
  --html FILE             also write the report as one self-contained HTML file (verdict, every column with its
                          rule, distributions of the drifted columns, settings; no script, nothing fetched)
  --model DIR             add the prediction drift of that model (relearn train --out DIR): its predicted
                          class (chi-square / Jensen-Shannon) or value (KS / Wasserstein) on the current file
                          against the reference, by the default rule; never counted in the dataset share
  A categorical column also drifts when 20% or more of the current rows have a category the reference never
  had (--json: "newCategoryShare"). A column named in --include or --exclude must be one of the reference's.

train options:
  --model M               linear | mlp | gbdt | forest: logistic/linear regression, an MLP of 64 and 64 units,
                          histogram gradient boosting (as scikit-learn's HistGradientBoosting*), or a random
                          forest (as scikit-learn's RandomForest*) (default mlp)
  --task T                classification | regression (default: categorical target → classification,
                          numeric → regression)
  --features a,b,c        exactly these feature columns (default: every column but the target, less datetime and
                          id-like columns)
  --exclude a,b           the default features less these
  --include a,b           the default features plus these (datetime or id-like columns left out by default)
  --epochs N              at most N epochs; early stopping after 5 without a better validation loss (default 100);
                          gbdt: at most N boosting iterations (max_iter, default 100, early stopping after 10);
                          forest: N trees (n_estimators, default 100)
  --learning-rate R       step size of linear, mlp (default 0.001) and gbdt (default 0.1), above 0 and at most 1
  --max-leaf-nodes N      gbdt: leaves per tree, 2 to 4096 (default 31)
  --min-samples-leaf N    gbdt, forest: rows a leaf needs at least (default 20 for gbdt, 1 for forest)
  --max-depth N|none      gbdt, forest: deepest a tree grows, 1 to 1000, or none for no limit (default none)
  --max-features F        forest: features tried per split: sqrt | log2 | a share in (0, 1] | none (default none:
                          sqrt for a classifier, every feature for a regression, as scikit-learn)
  --max-bins N            gbdt, forest: bins per feature besides the missing values' own, 2 to 255 (default 255)
  --seed N                seed of the split, the initial weights and the shuffles (default 42)
  --class-weight W        none | balanced: weigh each class's rows by n_samples / (n_classes * rows of the
                          class), as scikit-learn's class_weight='balanced' (classification only; default none)
  --json                  print {"task","model","backend","rows","counts","metrics","classWeight","classWeights",
                          "imbalance","trainMs"}; metrics are the holdout's (20% of the labelled rows; 10% more
                          for validation); imbalance is null, or the warning of a classifier that predicts one
                          class for >= 95% of the holdout rows or has a class recall below 0.1
  DIR is created, or replaced when it holds a model relearn wrote; any other non-empty DIR is refused.
  Rows with no target value are left out (and counted). linear and mlp train on TensorFlow.js's wasm backend;
  gbdt and forest in plain JavaScript, keeping missing numbers (no imputation: each split learns where they go).

evaluate and predict options:
  --json                  evaluate: print {"rows","metrics"} (rows scored: target present, a known class);
                          predict: print {"rows","out","columns"}
  DIR may also be given as DIR/model.json. FILE is read with the column types the model was trained on;
  every column the model needs must be there (and the target, to evaluate).

estimate options:
  --json                  print {"rows","estimated","interval","realised","realisedRows","positiveClass","calibration"};
                          estimated and interval by metric key, the task's primary metric first (binary: the
                          positive class's precision, recall, F1; multiclass: macro means); interval: the
                          estimate ± 3 sampling errors (NannyML's), within [0, 1]; realised is null without labels
  --calibrate-on FILE     labelled rows to calibrate on, for a model directory saved before Relearn kept a
                          calibration (one relearn train writes carries the one made on its validation rows)
  The model must be a classifier (regression is refused); FILE needs every feature column the model uses, and
  its target column, if present, is used only for "realised".

compare options:
  --json                  print {"primaryMetric","champion","challenger","improvement","mcnemar","bootstrapCI",
                          "decision","checks"}; mcnemar is null for regression, improvement is signed so that
                          positive is better; each check has "gating": true|false
  --metric KEY            the metric the gate judges by (default: the task's primary metric, rocAuc, f1Macro
                          or rmse); higher is better for accuracy, f1*, precision*, recall*, rocAuc*, r2,
                          lower for logLoss, rmse, mae
  --min-improvement X     the challenger must beat the champion by at least X; a tie keeps the champion
                          (default, the metric's: ${DEFAULT_MIN_IMPROVEMENT_TEXT})
  --relative              X is a share of the champion's value (at most 1)
  --significance S        none | mcnemar (p < alpha, challenger ahead) | bootstrap (the lower bound of the 95%
                          interval of the gain above 0): what else the gate requires (default ${GATE_DEFAULTS.significance});
                          the others are shown, marked "shown, not gating" ("gating": false in --json)
  --alpha P               McNemar's significance level (default ${GATE_DEFAULTS.alpha})
  --floor X               the challenger's metric must reach X (at least, or at most for an error)
  --latency-budget MS     the challenger must score 1,000 rows in at most MS milliseconds
  --size-budget BYTES     the challenger's size (weights plus topology) must be at most BYTES
  --seed N                the bootstrap's seed (default 42); --resamples N its resamples (default 1000)
  --fail-on-keep          exit with status 3 when the decision is keep (for CI)
  --html FILE             also write the comparison as one self-contained HTML file (metrics side by side,
                          paired tests, the gate's checks, per-class scores, the parameters that differ)
  Both models must predict the same target with the same task and classes; FILE is read once with the column
  types they were trained on and needs every column either one uses, and the target. Only rows whose target
  both models can be scored against are compared.

run options:
  --target COLUMN         the target column, set on the workspace's first run (then it must match or be left out)
  --json                  print {"batch","decision","run","champion"}; "run" is null when the policy decided
                          not to retrain, and "decision" says why
  --html FILE             also write the run as one self-contained HTML file (its DAG in the tasks' states,
                          checks, gate and decision, timings, lineage); not written when no run started
  Drift and training use the workspace's stored column choices (set in the page's Data view: a column in or out
  of the drift share and of the features); datetime and id-like columns are left out of both by default.
  DIR is a workspace directory (manifest.json, tables, binary columns, models as tfjs files); a missing or empty
  DIR becomes a new workspace. It is written whole beside itself and renamed into place; DIR.lock, beside it,
  keeps a second relearn run out until the first has finished.

export-airflow options:
  --out FILE              write the DAG there (default: print it)
  --inbox DIR             the folder the DAG watches for CSV files (default: DIR-inbox, beside the workspace);
                          handled files move to its processed/ or failed/ folder

export-workspace and import-workspace options:
  --json                  print {"workspace","zip","bytes","counts","manifest"}; counts: batches, versions, runs, events
  The zip holds the directory's files at its root (manifest.json says the format version). import-workspace refuses,
  before writing anything, a file that is not a zip, truncated or corrupt (CRC-32), from a newer Relearn, with unsafe
  entry names or more than 2 GiB unpacked, with files its manifest does not account for, or with records of the
  wrong shape; and a DIR that holds anything (remove a workspace first to replace it).

Exit status: 0 done (drift found or not, unless --fail-on-drift; promote or keep, unless --fail-on-keep),
1 bad input, 2 bad usage, 3 dataset drift with --fail-on-drift or a kept champion with --fail-on-keep, 4 relearn run: the pipeline run failed (validation, training, …;
the batch, the run and its alert are saved). relearn run exits 0 whatever else the outcome (promoted,
rejected, skipped, awaiting approval, or no run), and 1 also for a batch already in the workspace, a
directory that is not a workspace, or a workspace another run is using.
Bad input prints "error: FILE:LINE: what is wrong" on stderr.`;

/** Exit codes: 0 done, 1 bad input, 2 bad usage, 3 drift found under --fail-on-drift (or a kept champion under --fail-on-keep), 4 a pipeline run failed (relearn run). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command === 'drift') {
    const parsed = parseDriftArgs(rest);
    return 'problems' in parsed ? usageError(...parsed.problems) : runDrift(parsed.options);
  }
  if (command === 'train') {
    const parsed = parseTrainArgs(rest);
    return 'problems' in parsed ? usageError(...parsed.problems) : runTrain(parsed.options);
  }
  if (command === 'compare') {
    const parsed = parseCompareArgs(rest);
    return 'problems' in parsed ? usageError(...parsed.problems) : runCompare(parsed.options);
  }
  if (command === 'estimate') {
    const parsed = parseEstimateArgs(rest);
    return 'problems' in parsed ? usageError(...parsed.problems) : runEstimate(parsed.options);
  }
  if (command === 'run') {
    const parsed = parseRunArgs(rest);
    return 'problems' in parsed ? usageError(...parsed.problems) : runRun(parsed.options);
  }
  if (command === 'export-airflow') {
    const parsed = parseAirflowArgs(rest);
    return 'problems' in parsed ? usageError(...parsed.problems) : runExportAirflow(parsed.options);
  }
  if (command === 'export-workspace' || command === 'import-workspace') {
    const parsed = parseWorkspaceZipArgs(command, rest);
    if ('problems' in parsed) return usageError(...parsed.problems);
    return command === 'export-workspace' ? runExportWorkspace(parsed.options) : runImportWorkspace(parsed.options);
  }
  if (command === 'evaluate' || command === 'predict') {
    const parsed = parseScoreArgs(command, rest);
    if ('problems' in parsed) return usageError(...parsed.problems);
    return command === 'evaluate' ? runEvaluate(parsed.options) : runPredict(parsed.options);
  }
  if (command !== 'inspect') return usageError(`unknown command "${command}"`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  } catch (error) {
    return usageError((error as Error).message);
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) return usageError('inspect takes exactly one FILE');
  try {
    const report = await inspectFile(file);
    process.stdout.write(parsed.values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatInspect(report)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`error: ${error.describe(file)}\n`);
      return 1;
    }
    throw error;
  }
}

function usageError(...messages: string[]): number {
  process.stderr.write(`${messages.map((m) => `error: ${m}\n`).join('')}\n${USAGE}\n`);
  return 2;
}
