import { topCategories, type ColumnQuality } from '../../core/quality.ts';
import { formatCount } from '../format.ts';

const SHOWN = 3;

/** The most frequent categories as short bars; the full top ten in the title. */
export function TopCategories({ quality }: { quality: ColumnQuality }) {
  const top = topCategories(quality);
  const present = quality.rows - quality.missing;
  if (top.length === 0 || present === 0) return <span className="muted">no values</span>;
  const title = top.map((c) => `${c.value} (${formatCount(c.count)})`).join(', ');
  const more = quality.distinct - SHOWN;
  return (
    <div className="top-categories" title={title}>
      {top.slice(0, SHOWN).map((c) => (
        <div key={c.value} className="top-category">
          <span className="top-category-bar" style={{ width: `${Math.max(2, (c.count / present) * 100)}%` }} aria-hidden="true" />
          <span className="top-category-label">
            {c.value} <span className="muted">({formatCount(c.count)})</span>
          </span>
        </div>
      ))}
      {more > 0 && <div className="top-category-more muted">+{formatCount(more)} more</div>}
    </div>
  );
}
