// A second layer behind the iframe sandbox: removes scripts, handlers, frames, refreshes and remote resources
// from message HTML in an inert DOMParser document, resolves cid: images, and counts what it removed so the
// learner can see what the message tried. The sandbox and the CSP remain the wall; this only tidies.
import { cidUrlKey } from './frame.ts';

export interface BlockedCounts {
  scripts: number;
  handlers: number;
  scriptUrls: number;
  frames: number;
  meta: number;
  remote: number;
  forms: number;
}

export interface CleanHtml {
  html: string;
  blocked: BlockedCounts;
}

const FRAMES = 'iframe, frame, frameset, object, embed, applet, portal, fencedframe';
/** Attributes that make the browser fetch something when the element is rendered. */
const FETCHING = new Set([
  'src',
  'background',
  'poster',
  'lowsrc',
  'dynsrc',
  'data',
  'codebase',
  'archive',
  'manifest',
  'icon',
]);
/** Attributes holding URLs the browser never fetches by itself: dropped without counting. */
const INERT_URLS = new Set(['cite', 'longdesc']);
const SRCSETS = new Set(['srcset', 'imagesrcset']);
const SCRIPT_URL = /^(?:javascript|vbscript|livescript):/;
const SAFE_LINK = /^(?:https?:|mailto:|#)/;

export function emptyCounts(): BlockedCounts {
  return { scripts: 0, handlers: 0, scriptUrls: 0, frames: 0, meta: 0, remote: 0, forms: 0 };
}

/** URL text as a browser reads it: control characters and white space inside a scheme are ignored. */
function normalizedUrl(value: string): string {
  return value.replace(/[\u0000-\u0020\u007f]+/g, '').toLowerCase();
}

/** CSS with remote url() and @import removed and cid: url() resolved. */
export function cleanCss(css: string, images: ReadonlyMap<string, string>, counts: BlockedCounts): string {
  return css
    .replace(/@import\b[^;]*;?/gi, () => {
      counts.remote++;
      return '';
    })
    .replace(/url\(\s*(['"]?)(.*?)\1\s*\)/gi, (whole, _quote: string, url: string) => {
      const key = cidUrlKey(url);
      if (key !== null) {
        const data = images.get(key);
        return data ? `url("${data}")` : 'none';
      }
      if (normalizedUrl(url).startsWith('data:image/')) return whole;
      counts.remote++;
      return 'none';
    });
}

function cleanAttribute(
  element: Element,
  name: string,
  value: string,
  images: ReadonlyMap<string, string>,
  counts: BlockedCounts,
): void {
  const lower = name.toLowerCase();
  if (lower.startsWith('on')) {
    counts.handlers++;
    element.removeAttribute(name);
    return;
  }
  if (lower === 'style') {
    element.setAttribute(name, cleanCss(value, images, counts));
    return;
  }
  const isUrl =
    FETCHING.has(lower) ||
    INERT_URLS.has(lower) ||
    SRCSETS.has(lower) ||
    ['href', 'xlink:href', 'action', 'formaction', 'ping'].includes(lower);
  if (!isUrl) return;
  const url = normalizedUrl(value);
  if (SCRIPT_URL.test(url)) {
    counts.scriptUrls++;
    element.removeAttribute(name);
    return;
  }
  if (lower === 'action' || lower === 'formaction') {
    counts.forms++;
    element.removeAttribute(name);
    return;
  }
  const tag = element.localName.toLowerCase();
  if ((lower === 'href' || lower === 'xlink:href') && (tag === 'a' || tag === 'area')) {
    // A link is only followed on a click, and the sandbox blocks the new window: keep the address to read.
    if (!SAFE_LINK.test(url)) element.removeAttribute(name);
    return;
  }
  if (INERT_URLS.has(lower)) {
    element.removeAttribute(name);
    return;
  }
  if (FETCHING.has(lower) || lower === 'href' || lower === 'xlink:href') {
    const key = cidUrlKey(value);
    const data = key === null ? undefined : images.get(key);
    if (data) element.setAttribute(name, data);
    else if (key === null && url.startsWith('data:image/')) return;
    else {
      if (key === null && url !== '') counts.remote++;
      element.removeAttribute(name);
    }
    return;
  }
  // srcset and ping: every entry would be a fetch.
  if (url !== '') counts.remote++;
  element.removeAttribute(name);
}

/** Cleans message HTML. `parser` is injectable for tests; the browser's DOMParser builds an inert document. */
export function cleanHtml(
  html: string,
  images: ReadonlyMap<string, string>,
  parser: DOMParser = new DOMParser(),
): CleanHtml {
  const counts = emptyCounts();
  const doc = parser.parseFromString(html, 'text/html');
  const remove = (selector: string, key: keyof BlockedCounts) => {
    for (const el of Array.from(doc.querySelectorAll(selector))) {
      counts[key]++;
      el.remove();
    }
  };
  remove('script', 'scripts');
  remove(FRAMES, 'frames');
  remove('meta, base', 'meta');
  remove('link', 'remote');
  for (const style of Array.from(doc.querySelectorAll('style'))) {
    style.textContent = cleanCss(style.textContent ?? '', images, counts);
  }
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) cleanAttribute(el, attr.name, attr.value, images, counts);
    const tag = el.localName.toLowerCase();
    if (tag === 'form') {
      el.removeAttribute('target');
      el.removeAttribute('method');
    }
    if ((tag === 'a' || tag === 'area') && el.hasAttribute('href')) {
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer');
      if (!el.hasAttribute('title')) el.setAttribute('title', el.getAttribute('href') ?? '');
    }
  }
  return { html: doc.documentElement.outerHTML, blocked: counts };
}

export function totalBlocked(counts: BlockedCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
