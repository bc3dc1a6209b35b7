import { ApiError } from '../api/api-client';
import type { SourceRun } from '../api/types';

/** POST /api/v1/sources/:sourceId/uploads answers where the file was stored, its size and the run that reads it. */
export interface UploadResult {
  path: string;
  bytes: number;
  run: SourceRun;
}

/** How far an upload is: bytes sent of the file's size. */
export interface UploadProgress {
  sent: number;
  total: number;
}

const MAX_NAME_LENGTH = 100;

/**
 * The name the connector accepts for a file (letters, digits, ".", "_", "-", starting with a letter
 * or digit, at most 100): every other character becomes "-", so "Orders (May).csv" is "Orders--May-.csv".
 */
export function uploadName(fileName: string): string {
  const safe = fileName.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  if (safe.length <= MAX_NAME_LENGTH) return safe || 'upload';
  // Keep the extension, which says the format.
  const dot = safe.lastIndexOf('.');
  const extension = dot > 0 && safe.length - dot <= 10 ? safe.slice(dot) : '';
  return safe.slice(0, MAX_NAME_LENGTH - extension.length) + extension;
}

export function uploadPath(sourceId: string, fileName: string): string {
  return `/api/v1/sources/${encodeURIComponent(sourceId)}/uploads?${new URLSearchParams({ name: uploadName(fileName) })}`;
}

/** The share sent, 0..1, and its words for the progress bar ("1.2 MB of 4.0 MB"). */
export function progressText(progress: UploadProgress): { share: number; label: string } {
  const share = progress.total > 0 ? Math.min(1, progress.sent / progress.total) : 0;
  return { share, label: `${formatBytes(progress.sent)} of ${formatBytes(progress.total)} (${Math.floor(share * 100)}%)` };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

function errorOf(request: XMLHttpRequest): ApiError {
  let body: { code?: unknown; detail?: unknown } = {};
  try {
    body = JSON.parse(request.responseText) as typeof body;
  } catch {
    // Not JSON: the status says enough.
  }
  return new ApiError(request.status, typeof body.code === 'string' ? body.code : `http_${request.status}`, typeof body.detail === 'string' ? body.detail : `HTTP ${request.status}`);
}

/**
 * Streams a file to the gateway's upload route with XMLHttpRequest, whose upload events report the
 * bytes sent (fetch has no upload progress). `signal` aborts it.
 */
export function sendFile(path: string, accessToken: string, file: Blob, onProgress: (progress: UploadProgress) => void, signal?: AbortSignal): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.setRequestHeader('authorization', `Bearer ${accessToken}`);
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.upload.onprogress = (event) => onProgress({ sent: event.loaded, total: event.lengthComputable ? event.total : file.size });
    request.onload = () => {
      if (request.status !== 202) return reject(errorOf(request));
      onProgress({ sent: file.size, total: file.size });
      resolve(JSON.parse(request.responseText) as UploadResult);
    };
    request.onerror = () => reject(new ApiError(0, 'network_error', 'The upload did not reach the gateway'));
    request.onabort = () => reject(new ApiError(0, 'upload_aborted', 'The upload was cancelled'));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(file);
  });
}
