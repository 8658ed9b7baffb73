import { useId, useState } from 'react';
import { checkWorkspaceFile, exportWorkspaceFile, importWorkspaceFile, type WorkspaceFileCheck, type ZipProgress } from '../../bridge/workspaceBridge.ts';
import type { WorkspaceCounts } from '../../storage/queries/workspaceCounts.ts';
import { formatBytes, formatCount } from '../format.ts';
import { saveBlob } from '../models/download.ts';
import './workspaceTransfer.css';

type Exporting = { status: 'idle' } | { status: 'exporting'; progress: ZipProgress | null } | { status: 'done'; name: string; bytes: number } | { status: 'failed'; message: string };

type Importing =
  | { status: 'idle' }
  | { status: 'checking'; name: string }
  | { status: 'confirm'; file: File; check: WorkspaceFileCheck }
  | { status: 'importing'; name: string }
  | { status: 'done'; name: string; counts: WorkspaceCounts }
  | { status: 'refused'; message: string };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const withStop = (text: string): string => `${text}${/[.!?]$/.test(text) ? '' : '.'}`;

/** relearn-workspace-2026-12-02.zip, by the local date. */
function fileName(now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `relearn-workspace-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.zip`;
}

const COUNT_ROWS: { key: keyof WorkspaceCounts; label: string }[] = [
  { key: 'batches', label: 'Batches' },
  { key: 'versions', label: 'Model versions' },
  { key: 'runs', label: 'Pipeline runs' },
  { key: 'events', label: 'History events' },
];

const savedAtText = (iso: string): string => {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : new Date(at).toLocaleString();
};

function ConfirmImport({ file, check, onReplace, onCancel }: { file: File; check: WorkspaceFileCheck; onReplace: () => void; onCancel: () => void }) {
  const id = useId();
  return (
    <div className="transfer-confirm" role="group" aria-labelledby={`${id}-question`}>
      <p id={`${id}-question`}>
        Replace this workspace with <strong>{file.name}</strong>? It was written by {check.createdBy} on {savedAtText(check.savedAt)}.
      </p>
      <table className="data-table transfer-counts" aria-label="What the import replaces">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Now</th>
            <th scope="col">In the file</th>
          </tr>
        </thead>
        <tbody>
          {COUNT_ROWS.map(({ key, label }) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              <td>{formatCount(check.now[key])}</td>
              <td>{formatCount(check.inFile[key])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Every batch, model version, run, setting and history event here is replaced by the file’s; this browser’s training backend choice is kept. Export the workspace first to keep a copy.</p>
      <div className="transfer-actions">
        <button type="button" className="btn btn-danger" onClick={onReplace}>
          Replace workspace
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/**
 * Export the whole workspace as one zip file (the directory layout `relearn run --workspace` keeps), and import
 * such a file in place of the workspace: checked in full first, then confirmed, then replaced in one transaction.
 */
export function WorkspaceTransfer() {
  const id = useId();
  const [exporting, setExporting] = useState<Exporting>({ status: 'idle' });
  const [importing, setImporting] = useState<Importing>({ status: 'idle' });
  // Changing the input's key empties it, so the same file can be chosen again.
  const [inputKey, setInputKey] = useState(0);
  const busy = exporting.status === 'exporting' || importing.status === 'checking' || importing.status === 'importing';

  const exportZip = async (): Promise<void> => {
    setExporting({ status: 'exporting', progress: null });
    try {
      // Progress comes over its own message channel and can land after the result: only an export still going takes it.
      const bytes = await exportWorkspaceFile((progress) => setExporting((now) => (now.status === 'exporting' ? { status: 'exporting', progress } : now)));
      const name = fileName();
      saveBlob(new Blob([bytes], { type: 'application/zip' }), name);
      setExporting({ status: 'done', name, bytes: bytes.byteLength });
    } catch (error) {
      setExporting({ status: 'failed', message: messageOf(error) });
    }
  };

  const choose = async (file: File): Promise<void> => {
    setImporting({ status: 'checking', name: file.name });
    const check = await checkWorkspaceFile(file).catch((error: unknown) => ({ ok: false as const, message: messageOf(error) }));
    setImporting(check.ok ? { status: 'confirm', file, check } : { status: 'refused', message: check.message });
  };

  const replace = async (file: File): Promise<void> => {
    setImporting({ status: 'importing', name: file.name });
    const result = await importWorkspaceFile(file).catch((error: unknown) => ({ ok: false as const, message: messageOf(error) }));
    setImporting(result.ok ? { status: 'done', name: file.name, counts: result.counts } : { status: 'refused', message: result.message });
    setInputKey((k) => k + 1);
  };

  const cancel = (): void => {
    setImporting({ status: 'idle' });
    setInputKey((k) => k + 1);
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <div className="panel-header">
        <h2 id={`${id}-title`}>Workspace file</h2>
        <span className="muted">every batch, model version, run, setting and event in one zip file; the command line reads it too (relearn import-workspace)</span>
      </div>
      <div className="transfer-actions">
        <button type="button" className="btn" onClick={() => void exportZip()} disabled={busy}>
          {exporting.status === 'exporting' ? 'Exporting…' : 'Export workspace'}
        </button>
        <label className="transfer-import" htmlFor={`${id}-file`}>
          <span className="field-label">Import workspace…</span>
          <input
            key={inputKey}
            id={`${id}-file`}
            type="file"
            accept=".zip,application/zip"
            disabled={busy}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void choose(file);
            }}
          />
        </label>
      </div>
      {exporting.status === 'exporting' && (
        <p role="status" className="transfer-progress">
          Exporting… {exporting.progress ? `${formatCount(exporting.progress.files)} files, ${formatBytes(exporting.progress.bytes)} so far` : 'reading the workspace'}
        </p>
      )}
      {exporting.status === 'done' && (
        <p role="status" className="transfer-done">
          Saved {exporting.name} ({formatBytes(exporting.bytes)}).
        </p>
      )}
      {exporting.status === 'failed' && (
        <p role="alert" className="inline-error">
          Not exported: {withStop(exporting.message)}
        </p>
      )}
      {importing.status === 'checking' && <p role="status">Checking {importing.name}: every file and record is read before anything changes…</p>}
      {importing.status === 'importing' && <p role="status">Replacing the workspace with {importing.name}…</p>}
      {importing.status === 'confirm' && <ConfirmImport file={importing.file} check={importing.check} onReplace={() => void replace(importing.file)} onCancel={cancel} />}
      {importing.status === 'done' && (
        <p role="status" className="transfer-done">
          Imported {importing.name}: {formatCount(importing.counts.batches)} batches, {formatCount(importing.counts.versions)} model versions, {formatCount(importing.counts.runs)} runs.
        </p>
      )}
      {importing.status === 'refused' && (
        <p role="alert" className="inline-error">
          Not imported: {withStop(importing.message)} Nothing was changed.
        </p>
      )}
    </section>
  );
}
