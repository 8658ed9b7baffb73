import { describe, expect, it } from 'vitest';
import { defaultNotificationSettings, notifiedKinds, shouldNotify, webhookPayload, webhookUrlProblem, withNotificationDefaults } from '../../../src/core/notify/notify.ts';

describe('which events notify', () => {
  const settings = defaultNotificationSettings();
  it('by default: alerts, failed runs, approvals, promotions and rollbacks', () => {
    expect(shouldNotify({ kind: 'alert' }, settings)).toBe(true);
    expect(shouldNotify({ kind: 'run.approval', details: { runId: 'r' } }, settings)).toBe(true);
    expect(shouldNotify({ kind: 'model.promoted' }, settings)).toBe(true);
    expect(shouldNotify({ kind: 'model.rolledback' }, settings)).toBe(true);
    expect(shouldNotify({ kind: 'run.finished', details: { outcome: 'failed' } }, settings)).toBe(true);
    expect(shouldNotify({ kind: 'run.finished', details: { outcome: 'promoted' } }, settings)).toBe(false);
    expect(shouldNotify({ kind: 'batch.arrived' }, settings)).toBe(false);
    expect(shouldNotify({ kind: 'drift.detected' }, settings)).toBe(false);
  });
  it('every finished run when run.finished is chosen; nothing when no kind is', () => {
    expect(shouldNotify({ kind: 'run.finished', details: { outcome: 'promoted' } }, { kinds: ['run.finished'] })).toBe(true);
    expect(shouldNotify({ kind: 'alert' }, { kinds: [] })).toBe(false);
    expect(shouldNotify({ kind: 'run.finished', details: null }, { kinds: ['run.failed'] })).toBe(false);
  });
  it('names every kind an event it notifies of can have, for reading them by their index alone', () => {
    const kinds = ['alert', 'run.failed', 'run.approval', 'model.promoted', 'model.rolledback', 'run.finished', 'batch.arrived', 'drift.detected', 'policy.fired'];
    const events = kinds.flatMap((kind) => [{ kind }, { kind, details: { outcome: 'failed' } }]);
    for (const chosen of [settings, { kinds: ['run.failed' as const] }, { kinds: ['run.finished' as const, 'run.failed' as const] }, { kinds: [] }]) {
      const named = notifiedKinds(chosen);
      for (const event of events) if (shouldNotify(event, chosen)) expect(named).toContain(event.kind);
      expect(new Set(named).size).toBe(named.length);
    }
    expect(notifiedKinds(settings)).toEqual([...settings.kinds, 'run.finished']);
  });
});

describe('webhook', () => {
  it('builds the JSON body with an ISO time and the workspace name', () => {
    expect(webhookPayload({ kind: 'model.promoted', at: Date.UTC(2026, 0, 2, 3, 4, 5), summary: 'Version 1 promoted', details: { version: 1 } })).toEqual({
      event: { kind: 'model.promoted', at: '2026-01-02T03:04:05.000Z', summary: 'Version 1 promoted', details: { version: 1 } },
      workspace: 'relearn',
    });
    expect(webhookPayload({ kind: 'alert', at: 0, summary: 's' }).event.details).toBeNull();
  });
  it('accepts https and http://localhost only', () => {
    expect(webhookUrlProblem('')).toBeNull();
    expect(webhookUrlProblem('  ')).toBeNull();
    expect(webhookUrlProblem('https://hooks.example.com/x')).toBeNull();
    expect(webhookUrlProblem('http://localhost:8080/hook')).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1/hook')).toBeNull();
    expect(webhookUrlProblem('http://example.com/hook')).toMatch(/only to localhost/);
    expect(webhookUrlProblem('ftp://x')).toMatch(/ftp:\/\/ addresses are not allowed/);
    expect(webhookUrlProblem('javascript:alert(1)')).toMatch(/not allowed/);
    expect(webhookUrlProblem('example.com')).toMatch(/not an address/);
    expect(webhookUrlProblem('https://[2001:db8::1]/hook')).toMatch(/IPv6 address cannot be allowed/);
    expect(webhookUrlProblem('http://[::1]:8080/hook')).toMatch(/IPv6 address cannot be allowed/);
  });
});

describe('stored settings', () => {
  it('fill what is missing with the defaults', () => {
    expect(withNotificationDefaults(undefined)).toEqual(defaultNotificationSettings());
    expect(withNotificationDefaults({ browser: true })).toEqual({ ...defaultNotificationSettings(), browser: true });
    expect(withNotificationDefaults({ kinds: [] }).kinds).toEqual([]);
  });
});

describe('notification settings in the workspace', () => {
  it('read with defaults, changed with a checked webhook address', async () => {
    const { freshDb } = await import('../helpers/storage.ts');
    const { changeNotificationSettings } = await import('../../../src/storage/commands/notifications.ts');
    const { readNotificationSettings } = await import('../../../src/storage/queries/notifications.ts');
    const { db } = freshDb();
    expect(await readNotificationSettings(db)).toEqual(defaultNotificationSettings());
    await expect(changeNotificationSettings(db, { ...defaultNotificationSettings(), webhookUrl: 'ftp://x' })).rejects.toThrow(/not allowed/);
    await changeNotificationSettings(db, { kinds: ['alert'], browser: true, webhookUrl: ' https://example.com/h ' });
    expect(await readNotificationSettings(db)).toEqual({ kinds: ['alert'], browser: true, webhookUrl: 'https://example.com/h' });
    db.close();
  });
});
