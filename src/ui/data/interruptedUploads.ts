import { takeInterruptedJobs, withJobNote } from '../../bridge/interruptedJobs.ts';

export interface UploadNote {
  files: string[];
  /** The file being read or stored when the note was last written. */
  current: number;
}

/** Runs an upload with its note held (see interruptedJobs.ts); `setCurrent` records which file it is on. */
export function withUploadNote<T>(files: string[], work: (setCurrent: (index: number) => void) => Promise<T>): Promise<T> {
  let current = 0;
  return withJobNote<UploadNote, T>('upload', { files, current }, (update) =>
    work((index) => {
      if (index === current) return;
      current = index;
      update({ files, current });
    }),
  );
}

export const takeInterruptedUploads = (): Promise<UploadNote[]> => takeInterruptedJobs<UploadNote>('upload');

/** What the Data section says about an upload cut off by a closed or reloaded page. */
export function interruptedText({ files, current }: UploadNote): string {
  const name = files[current] ?? 'a file';
  if (files.length <= 1) return `The page was closed or reloaded while "${name}" was being uploaded; no part of it was kept. Upload it again`;
  const after = files.length - current - 1;
  const rest = after === 0 ? '' : after === 1 ? ', and the file after it was not read' : `, and the ${after} files after it were not read`;
  return `The page was closed or reloaded while "${name}" (file ${current + 1} of ${files.length}) was being uploaded; no part of it was kept${rest}. Upload ${rest ? 'them' : 'it'} again`;
}
