import { defaultDriftSettings } from '../../core/drift/settings.ts';
import { withNotificationDefaults } from '../../core/notify/notify.ts';
import { defaultPipelineSettings, withGateDefaults } from '../../core/pipeline/settings.ts';
import { emptySchemaChoices } from '../../core/schema.ts';
import { defaultValidationSettings } from '../../core/validation.ts';
import { WORKSPACE_ID, type RelearnDb, type WorkspaceRecord } from '../db.ts';

/** A setting that cannot be applied; nothing was changed. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export const defaultWorkspace = (): WorkspaceRecord => ({
  id: WORKSPACE_ID,
  schema: emptySchemaChoices(),
  referenceBatchId: null,
  validation: { ...defaultValidationSettings },
  drift: defaultDriftSettings(),
  pipeline: defaultPipelineSettings(),
  notifications: withNotificationDefaults(undefined),
});

export async function readWorkspace(db: RelearnDb): Promise<WorkspaceRecord> {
  const stored = await db.workspace.get(WORKSPACE_ID);
  const defaults = defaultWorkspace();
  // Records written before a setting existed get its default.
  const pipeline = { ...defaults.pipeline, ...stored?.pipeline };
  return {
    ...defaults,
    ...stored,
    schema: { ...defaults.schema, ...stored?.schema },
    validation: { ...defaults.validation, ...stored?.validation },
    drift: { ...defaults.drift, ...stored?.drift },
    pipeline: { ...pipeline, policy: { ...defaults.pipeline.policy, ...stored?.pipeline?.policy }, gate: withGateDefaults(stored?.pipeline?.gate) },
    notifications: withNotificationDefaults(stored?.notifications),
  };
}
