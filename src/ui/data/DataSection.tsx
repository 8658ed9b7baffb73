import { EmptyState } from '../components/EmptyState.tsx';
import { SectionHeader } from '../components/SectionHeader.tsx';
import { plural } from '../format.ts';
import { useBatches, useWorkspace } from '../hooks.ts';
import { MissingBatch } from '../storage/Deleted.tsx';
import { DataIcon } from '../icons.tsx';
import { BatchDetail } from './BatchDetail.tsx';
import { BatchTable } from './BatchTable.tsx';
import { ChooseFilesButton, DropZone, IngestStatus, LoadDemoButton } from './UploadControls.tsx';
import { TargetPrompt } from './TargetPrompt.tsx';
import { ValidationSettingsPanel } from './ValidationSettingsPanel.tsx';
import './data.css';

/** No batches yet: the drop zone is the page, and the demo is one click away. */
function FirstUpload() {
  return (
    <DropZone className="panel drop-target drop-target-empty" label="Add batches">
      <EmptyState
        icon={<DataIcon size={32} />}
        title="No batches yet"
        actions={
          <>
            <LoadDemoButton primary />
            <ChooseFilesButton />
          </>
        }
      >
        <p>
          Drop CSV, TSV or TXT files here, or choose them. Each file becomes an immutable batch: its columns are typed and profiled, and it is
          validated against the reference batch (the first one, until you choose another).
        </p>
        <p>
          The demo scenario loads five yearly weather batches, Seattle 2012 as the reference through New York 2015, with the target column
          &ldquo;weather&rdquo;.
        </p>
      </EmptyState>
      <IngestStatus />
    </DropZone>
  );
}

export function DataSection({ batchId }: { batchId: string | null }) {
  const batches = useBatches();
  const workspace = useWorkspace();
  const loading = batches === undefined || workspace === undefined;
  const open = batchId ? batches?.find((b) => b.id === batchId) : undefined;
  const reference = batches?.find((b) => b.id === workspace?.referenceBatchId) ?? batches?.[0];
  return (
    <>
      <SectionHeader title="Data" lede="Batches as they arrive: their columns, quality, and validation against the reference batch." />
      {loading ? (
        <p className="muted" role="status">
          Reading stored batches…
        </p>
      ) : batches.length === 0 ? (
        <FirstUpload />
      ) : (
        <>
          {workspace.schema.target === null && reference && <TargetPrompt key={reference.id} reference={reference} />}
          <DropZone className="panel drop-target" label="Batches">
            <div className="panel-header">
              <div className="panel-title">
                <h2>Batches</h2>
                <span className="muted">
                  {plural(batches.length, 'batch', 'batches')} in arrival order · drop CSV, TSV or TXT files here to add more
                </span>
              </div>
              <div className="panel-tools">
                <ChooseFilesButton />
                <LoadDemoButton />
              </div>
            </div>
            <IngestStatus />
            <BatchTable batches={batches} referenceId={workspace.referenceBatchId} openId={open?.id ?? null} />
          </DropZone>
          {open ? (
            <BatchDetail key={open.id} batch={open} batches={batches} workspace={workspace} />
          ) : (
            batchId && <MissingBatch batchId={batchId} otherwise={`No stored batch has the id ${batchId}.`} />
          )}
          <ValidationSettingsPanel stored={workspace.validation} />
        </>
      )}
    </>
  );
}
