/**
 * Which URLs from untrusted model output may become live links or load images.
 *
 * Links: only absolute http, https and mailto URLs. Everything else (javascript:, data:, vbscript:, relative
 * paths that would resolve against the host page) is shown as plain text. The check runs on the URL as the
 * browser will parse it (`new URL`), after markdown escapes and character references were decoded, so
 * obfuscations such as `jav&#x61;script:` or `java\tscript:` are judged by what they really are.
 *
 * Images: a request to a remote image can exfiltrate the conversation (EchoLeak), so an image loads only
 * when its origin is listed by the host; anything else renders as a link-like placeholder.
 */
const LINK_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);
const IMAGE_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

function parseAbsolute(destination: string): URL | null {
  try {
    return new URL(destination.trim());
  } catch {
    return null;
  }
}

/** The href to use for a link, or null when the destination must not be linked. */
export function safeLinkHref(destination: string): string | null {
  const url = parseAbsolute(destination);
  return url && LINK_PROTOCOLS.has(url.protocol) ? url.href : null;
}

/** The http(s) URL of an image destination (loaded or not), or null when it is not one. */
export function safeImageUrl(destination: string): URL | null {
  const url = parseAbsolute(destination);
  return url && IMAGE_PROTOCOLS.has(url.protocol) ? url : null;
}

/**
 * Normalises the host's list (`https://img.example.com`, `https://img.example.com/`, ...) to origins;
 * entries that are not http(s) origins are dropped rather than widening the policy.
 */
export function normalizeOrigins(origins: readonly string[] | undefined): ReadonlySet<string> {
  const result = new Set<string>();
  for (const origin of origins ?? []) {
    const url = parseAbsolute(origin);
    if (url && IMAGE_PROTOCOLS.has(url.protocol)) result.add(url.origin);
  }
  return result;
}
