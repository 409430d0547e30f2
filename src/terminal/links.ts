// Links in the terminal (OSC 8 hyperlinks that text from elsewhere may carry): never followed on a click alone.
// The page shows the whole target and the learner opens it themselves; only web addresses are offered at all.

export type LinkTarget = { kind: 'web'; url: string } | { kind: 'refused'; text: string };

/** Longest target shown whole; anything longer is refused (no address a lesson needs is this long). */
const MAX_URL = 2048;

/** What a link in the terminal may lead to: an http(s) address, shown in full, or nothing. */
export function linkTarget(text: string): LinkTarget {
  if (text.length > MAX_URL) return { kind: 'refused', text: text.slice(0, 200) + '…' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { kind: 'refused', text };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'refused', text };
  // The parsed form: what the browser would really open (no hidden controls, IDN in punycode).
  return { kind: 'web', url: url.href };
}
