import type { ReactNode } from 'react';

/** One term and its value in a `<dl className="facts">`. */
export function Fact({ term, children, title }: { term: string; children: ReactNode; title?: string }) {
  return (
    <div className="fact" title={title}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
