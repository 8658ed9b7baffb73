import type { ReactNode } from 'react';

/** A panel that says what will be here and, where there is one, what to do first. */
export function EmptyState({ icon, title, children, actions }: { icon?: ReactNode; title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="empty-state">
      {icon && (
        <div className="empty-state-icon" aria-hidden="true">
          {icon}
        </div>
      )}
      <h2>{title}</h2>
      <div className="empty-state-body">{children}</div>
      {actions && <div className="empty-state-actions">{actions}</div>}
    </div>
  );
}
