import { deleteVersion } from '../../bridge/workspaceBridge.ts';
import { versionImpact, type VersionImpact } from '../../storage/queries/deletionImpact.ts';
import type { VersionUsage } from '../../storage/queries/usage.ts';
import { db } from '../db.ts';
import { formatBytes, formatTime } from '../format.ts';
import { AliasMarkers, StageBadge } from '../models/StageBadge.tsx';
import { versionHref } from '../route.ts';
import { ConfirmDeletion } from './ConfirmDeletion.tsx';
import { OutcomeNote } from './OutcomeNote.tsx';
import { useDeletion } from './useDeletion.ts';

function VersionRow({ version, onDelete }: { version: VersionUsage; onDelete: () => void }) {
  const aliases = {
    champion: version.aliases.includes('champion') ? version.version : null,
    challenger: version.aliases.includes('challenger') ? version.version : null,
  };
  return (
    <tr data-version={version.version}>
      <th scope="row">
        <a href={versionHref(version.version)}>Version {version.version}</a>
        <AliasMarkers version={version.version} aliases={aliases} />
      </th>
      <td>
        <StageBadge stage={version.stage} />
      </td>
      <td className="nowrap muted">{formatTime(version.createdAt)}</td>
      <td className="num">{formatBytes(version.artifactBytes)}</td>
      <td className="num">{formatBytes(version.recordBytes)}</td>
      <td>
        {aliases.champion !== null ? (
          // Deleting the champion is refused: the button says so before it is pressed, not after.
          <span className="champion-keep">
            <button type="button" className="btn btn-danger btn-small" disabled aria-label={`Delete version ${version.version}`} aria-describedby={`keep-${version.version}`}>
              Delete
            </button>{' '}
            <span id={`keep-${version.version}`} className="muted">
              the champion: promote or roll back to another version first
            </span>
          </span>
        ) : (
          <button type="button" className="btn btn-danger btn-small" onClick={onDelete} aria-label={`Delete version ${version.version}`}>
            Delete
          </button>
        )}
      </td>
    </tr>
  );
}

/** The model versions with their artifact sizes, and deletion: the champion's Delete is off with the reason, others are confirmed first. */
export function VersionStorage({ versions }: { versions: VersionUsage[] }) {
  const { asking, busy, outcome, ask, confirm, cancel } = useDeletion<VersionUsage, VersionImpact>({
    impactOf: (usage) => versionImpact(db, usage.version),
    remove: async ({ usage }) => {
      await deleteVersion(usage.version);
      return `Version ${usage.version} deleted.`;
    },
    label: (usage) => `Version ${usage.version}`,
  });
  return (
    <section className="panel" aria-labelledby="version-storage-title">
      <div className="panel-header">
        <h2 id="version-storage-title">Model versions</h2>
        <span className="muted">weights and topology, and the record with metrics and lineage</span>
      </div>
      <OutcomeNote outcome={outcome} />
      {versions.length === 0 ? (
        <p className="muted">No model versions stored.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table" aria-label="Model versions in storage">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Stage</th>
                <th scope="col">Registered</th>
                <th scope="col" className="num">
                  Artifact
                </th>
                <th scope="col" className="num">
                  Record
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <VersionRow key={v.version} version={v} onDelete={() => ask(v)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {asking && (
        <ConfirmDeletion
          title={`Delete version ${asking.usage.version}?`}
          consequences={asking.impact.consequences}
          confirmLabel="Delete version"
          busy={busy}
          onConfirm={confirm}
          onCancel={cancel}
        >
          <p>
            Its weights ({formatBytes(asking.usage.artifactBytes)}) and record ({formatBytes(asking.usage.recordBytes)}) go; it can no longer score, be compared,
            promoted or rolled back to. Its events stay in History.
          </p>
        </ConfirmDeletion>
      )}
    </section>
  );
}
