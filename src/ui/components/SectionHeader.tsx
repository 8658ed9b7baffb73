/** The open section's title (the page's one h1) and what the section is for. */
export function SectionHeader({ title, lede }: { title: string; lede: string }) {
  return (
    <header className="section-header">
      <h1>{title}</h1>
      <p className="lede">{lede}</p>
    </header>
  );
}
