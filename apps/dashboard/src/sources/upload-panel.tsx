import { FormEvent, useState } from 'react';
import { Problem } from '../components/widgets';
import { useUpload } from './source-queries';
import { formatBytes, progressText } from './upload';

/** Upload a CSV or JSON Lines file for a file source, with a progress bar; a run that reads it starts at once. */
export function UploadPanel({ sourceId }: { sourceId: string }) {
  const upload = useUpload(sourceId);
  const [file, setFile] = useState<File | null>(null);
  const progress = upload.progress ? progressText(upload.progress) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (file) upload.mutate(file);
  }

  return (
    <form className="stack-form" onSubmit={submit} aria-label="Upload a file">
      <div className="actions">
        <label htmlFor="upload-file">File (CSV or JSON Lines)</label>
        <input id="upload-file" type="file" accept=".csv,.jsonl,.txt,text/csv" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
        <button type="submit" disabled={!file || upload.isPending}>
          Upload
        </button>
        {upload.isPending && (
          <button type="button" className="secondary" onClick={upload.abort}>
            Stop upload
          </button>
        )}
      </div>
      {progress && (
        <div className="upload-progress">
          <progress max={1} value={progress.share} aria-label="Upload progress" aria-valuetext={progress.label} />
          <span className="progress-label" data-testid="upload-progress">
            {progress.label}
          </span>
        </div>
      )}
      <Problem error={upload.error} />
      {upload.data && (
        <p role="status" data-testid="upload-result">
          Stored {formatBytes(upload.data.bytes)}; run <code>{upload.data.run.runId}</code> reads it.
        </p>
      )}
    </form>
  );
}
