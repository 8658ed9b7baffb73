import type { ModelStage } from '../../storage/db.ts';
import { Badge, type BadgeTone } from '../components/StatusBadge.tsx';

const TONES: Record<ModelStage, BadgeTone> = { candidate: 'neutral', staging: 'warn', production: 'pass', archived: 'neutral', rejected: 'fail' };
const HELP: Record<ModelStage, string> = {
  candidate: 'trained, not yet judged by the gate',
  staging: 'passed the gate; can be promoted',
  production: 'serving: the champion',
  archived: 'served before; kept for rollback',
  rejected: 'refused by the gate or a person',
};

/** A version's registry stage. */
export function StageBadge({ stage }: { stage: ModelStage }) {
  return (
    <span className="stage-badge" data-stage={stage}>
      <Badge tone={TONES[stage]} title={HELP[stage]}>
        {stage}
      </Badge>
    </span>
  );
}

/** "champion" / "challenger" markers for the version the aliases point at. */
export function AliasMarkers({ version, aliases }: { version: number; aliases: { champion: number | null; challenger: number | null } }) {
  return (
    <>
      {aliases.champion === version && (
        <>
          {' '}
          <span className="alias-marker alias-champion" data-alias="champion" title="The champion: the version that serves">
            ★ champion
          </span>
        </>
      )}
      {aliases.challenger === version && (
        <>
          {' '}
          <span className="alias-marker alias-challenger" data-alias="challenger" title="The challenger: scores incoming batches beside the champion (shadow)">
            ◐ challenger
          </span>
        </>
      )}
    </>
  );
}
