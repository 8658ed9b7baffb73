import { useEffect } from 'react';
import { requestDriftCheck } from '../bridge/driftBridge.ts';
import { startScheduling } from '../bridge/pipelineBridge.ts';
import { StorageNote } from './components/StorageNote.tsx';
import { DataSection } from './data/DataSection.tsx';
import { DemoOnOpen } from './data/DemoOnOpen.tsx';
import { DemoStoryStatus } from './data/DemoStoryStatus.tsx';
import { IngestJobProvider } from './data/IngestJobProvider.tsx';
import { HistorySection } from './history/HistorySection.tsx';
import { sectionIcons } from './icons.tsx';
import { ModelsSection } from './models/ModelsSection.tsx';
import { NotificationBell } from './notifications/NotificationBell.tsx';
import { MonitorSection } from './monitor/MonitorSection.tsx';
import { PipelineSection } from './pipeline/PipelineSection.tsx';
import { PersistOnFirstData } from './storage/PersistOnFirstData.tsx';
import { StorageSection } from './storage/StorageSection.tsx';
import { SECTIONS, sectionHref, useRoute, type Route } from './route.ts';

function OpenSection({ route }: { route: Route }) {
  switch (route.section) {
    case 'data':
      return <DataSection batchId={route.batchId} />;
    case 'monitor':
      return <MonitorSection batchId={route.batchId} column={route.column} />;
    case 'pipeline':
      return <PipelineSection runId={route.runId} taskId={route.taskId} />;
    case 'models':
      return <ModelsSection version={route.version} />;
    case 'history':
      return <HistorySection />;
    case 'storage':
      return <StorageSection />;
  }
}

// A file dropped outside a drop zone would make the browser leave the page to show it.
function useNoStrayDrops(): void {
  useEffect(() => {
    const stop = (event: DragEvent): void => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, []);
}

export function App() {
  const route = useRoute();
  useNoStrayDrops();
  // Batches stored while no tab was open, or whose check a closed tab cut short, are checked now.
  useEffect(() => requestDriftCheck(), []);
  // One tab of the page schedules the pipeline (Web Lock); the others show its runs and take over when it closes.
  useEffect(() => startScheduling(), []);
  return (
    <IngestJobProvider>
      <DemoOnOpen />
      <PersistOnFirstData />
      <div className="shell">
        <aside className="sidebar">
          <div className="sidebar-inner">
            <div className="brand">
              <img className="brand-mark" src="favicon.svg" alt="" width={28} height={28} />
              <div>
                <div className="brand-name">Relearn</div>
                <div className="brand-tagline">model retraining workbench</div>
              </div>
              <NotificationBell />
            </div>
            <nav aria-label="Sections" className="nav">
              {SECTIONS.map(({ id, title }) => {
                const SectionIcon = sectionIcons[id];
                return (
                  <a key={id} href={sectionHref(id)} aria-current={route.section === id ? 'page' : undefined}>
                    <SectionIcon />
                    {title}
                  </a>
                );
              })}
            </nav>
            <DemoStoryStatus />
            <StorageNote />
          </div>
        </aside>
        <main className="main">
          <OpenSection route={route} />
        </main>
      </div>
    </IngestJobProvider>
  );
}
