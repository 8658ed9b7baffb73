import type { ReactNode } from 'react';
import type { CheckStatus } from '../../core/validation.ts';

export type BadgeTone = CheckStatus | 'neutral' | 'accent';

export function Badge({ tone, children, title }: { tone: BadgeTone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

const statusLabel: Record<CheckStatus, string> = { pass: 'pass', warn: 'warn', fail: 'fail' };

export function StatusBadge({ status, title }: { status: CheckStatus; title?: string }) {
  return (
    <Badge tone={status} title={title}>
      <span className="badge-dot" aria-hidden="true" />
      {statusLabel[status]}
    </Badge>
  );
}
