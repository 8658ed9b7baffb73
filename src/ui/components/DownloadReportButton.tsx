import { saveBlob } from '../models/download.ts';

/**
 * "Download report": builds the view's shareable HTML report (pure, from what the view already shows)
 * and saves it as one file. Built on click, so the view pays nothing until a person asks for it.
 */
export function DownloadReportButton({ fileName, build, label }: { fileName: string; build: () => string; label: string }) {
  return (
    <button type="button" className="btn btn-quiet" aria-label={label} title={`Save ${fileName}: one HTML file that opens offline and prints`} onClick={() => saveBlob(new Blob([build()], { type: 'text/html' }), fileName)}>
      Download report
    </button>
  );
}
