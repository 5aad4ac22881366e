// Files the API serves behind the bearer token (a plain link would carry none): fetched, then saved under a
// name of ours; and the SHA-256 of what was received, to hold against the hash the API recorded.
import { apiFetch } from '../api/client';

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Fetches a CSV with the bearer token and saves it. */
export async function saveCsv(path: string, filename: string): Promise<void> {
  saveBlob(await (await apiFetch(path)).blob(), filename);
}

/** Lower-case hex SHA-256 of the bytes, or null where the browser offers no Web Crypto (not a secure context). */
export async function sha256Hex(blob: Blob): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
