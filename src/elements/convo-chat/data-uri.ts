/**
 * The bytes a `data:` URI carries, decoded here rather than fetched: a page's Content-Security-Policy may
 * forbid `fetch('data:…')`, and the agent's file is already in hand.
 */
export function blobFromDataUri(uri: string, fallbackType = 'application/octet-stream'): Blob | undefined {
  const match = /^data:([^,]*),/i.exec(uri);
  if (match === null) return undefined;
  const meta = match[1]!.split(';');
  const base64 = meta[meta.length - 1]!.toLowerCase() === 'base64';
  const type = meta[0] || fallbackType;
  const payload = uri.slice(match[0].length);
  try {
    const bytes = base64 ? Uint8Array.from(atob(payload), (char) => char.charCodeAt(0)) : new TextEncoder().encode(decodeURIComponent(payload));
    return new Blob([bytes], { type });
  } catch {
    // Not valid base64 or percent-encoding: there is nothing to offer.
    return undefined;
  }
}
