// The isolation of untrusted message HTML: the iframe sandbox, the Content-Security-Policy inside the srcdoc,
// and cid: references turned into data: URLs. Pure string work, so tests can check it without a browser.

/**
 * The iframe's sandbox attribute: empty, so every restriction applies. No allow-scripts (no script runs),
 * no allow-same-origin (the frame gets an opaque origin and cannot reach the page), no allow-forms,
 * no allow-popups, no allow-top-navigation. Never add a token here: allow-scripts together with
 * allow-same-origin lets the frame remove its own sandbox.
 */
export const FRAME_SANDBOX = '';

/**
 * A second wall in case the sandbox were ever loosened: nothing may be fetched except data: and cid: images
 * and inline styles. base-uri and form-action are not covered by default-src, so they are named.
 */
export const FRAME_CSP =
  "default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** Styles the reader expects from a mail program; the message's own styles come later and win. */
const BASE_STYLE =
  'html{color-scheme:light}body{margin:.75rem;font-family:system-ui,sans-serif;line-height:1.4;overflow-wrap:anywhere}img{max-width:100%;height:auto}';

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * The srcdoc document for a message's HTML. The CSP meta comes first in the text, before anything of the
 * message: a CSP meta element only governs what the parser meets after it.
 */
export function buildSrcdoc(html: string): string {
  return (
    '<!doctype html>' +
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(FRAME_CSP)}">` +
    '<meta name="referrer" content="no-referrer">' +
    `<style>${BASE_STYLE}</style>` +
    html
  );
}

/** The key of a Content-ID: without angle brackets, compared without case as most mail programs do. */
export function contentIdKey(contentId: string): string {
  return contentId.trim().replace(/^<|>$/g, '').trim().toLowerCase();
}

/** The key a cid: URL refers to (RFC 2392: the URL is the Content-ID, %-encoded, without brackets). */
export function cidUrlKey(url: string): string | null {
  const m = /^\s*cid:(.*)$/i.exec(url);
  if (!m) return null;
  let id = m[1].trim();
  try {
    id = decodeURIComponent(id);
  } catch {
    // A lone % is not a valid escape: keep the text as written.
  }
  return contentIdKey(id);
}

/** A data: URL for an image part; null for anything that is not an image (it could not be shown anyway). */
export function imageDataUrl(mimeType: string, base64: string): string | null {
  const type = mimeType.trim().toLowerCase();
  if (!/^image\/[a-z0-9.+-]+$/.test(type)) return null;
  return `data:${type};base64,${base64.replace(/[^A-Za-z0-9+/=]/g, '')}`;
}

/** Decoded size of base64 text, in bytes. */
export function base64Size(base64: string): number {
  const clean = base64.replace(/[^A-Za-z0-9+/=]/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}
