import { useEffect, useState } from 'react';
import { exportModelFiles } from '../../bridge/trainBridge.ts';
import { formatBytes } from '../format.ts';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

interface Exported {
  jsonUrl: string;
  jsonBytes: number;
  weightsUrl: string;
  weightsBytes: number;
}

function clickLink(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * Saves a version in the standard tfjs format: `model.json` (topology, weights manifest, and the
 * Relearn model card in userDefinedMetadata) and `weights.bin`, two downloads. The two files then stay
 * as links, for a browser that asks before a page saves a second file.
 */
export function DownloadModelButton({ version }: { version: number }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<Exported | null>(null);
  useEffect(
    () => () => {
      if (files) {
        URL.revokeObjectURL(files.jsonUrl);
        URL.revokeObjectURL(files.weightsUrl);
      }
    },
    [files],
  );
  const download = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const { modelJson, weights } = await exportModelFiles(version);
      const json = new Blob([modelJson], { type: 'application/json' });
      const next = { jsonUrl: URL.createObjectURL(json), jsonBytes: json.size, weightsUrl: URL.createObjectURL(new Blob([weights], { type: 'application/octet-stream' })), weightsBytes: weights.byteLength };
      setFiles(next);
      clickLink(next.jsonUrl, 'model.json');
      clickLink(next.weightsUrl, 'weights.bin');
    } catch (e) {
      setError(`Could not export version ${version}: ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="download-model">
      <button type="button" className="btn" onClick={() => void download()} disabled={busy} title="model.json and weights.bin, the standard TensorFlow.js files">
        {busy ? 'Exporting…' : 'Download model'}
      </button>
      {files && (
        <span className="download-links">
          <a href={files.jsonUrl} download="model.json">
            model.json
          </a>{' '}
          <span className="muted">({formatBytes(files.jsonBytes)})</span>{' '}
          <a href={files.weightsUrl} download="weights.bin">
            weights.bin
          </a>{' '}
          <span className="muted">({formatBytes(files.weightsBytes)})</span>
        </span>
      )}
      {error && (
        <p role="alert" className="inline-error">
          {error}
        </p>
      )}
    </div>
  );
}
