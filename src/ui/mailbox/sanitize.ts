// A second layer behind the iframe sandbox: DOMPurify removes scripts, handlers, frames and everything a mail
// reader does not show; our hooks remove remote resources (in attributes and in CSS, escapes decoded first),
// resolve cid: images, and count what was removed so the learner can see what the message tried. The sandbox
// and the CSP remain the wall; this only tidies, with a library made for the job.
import DOMPurify, { type Config, type UponSanitizeAttributeHookEvent } from 'dompurify';
import { cidUrlKey } from './frame.ts';

export interface BlockedCounts {
  scripts: number;
  handlers: number;
  scriptUrls: number;
  frames: number;
  meta: number;
  remote: number;
  forms: number;
  /** Elements and attributes a mail reader does not show (MathML tricks, SVG animation, unknown tags). */
  other: number;
}

export interface CleanHtml {
  html: string;
  blocked: BlockedCounts;
}

const FRAMES = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal', 'fencedframe']);
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
const LINKS = new Set(['href', 'xlink:href']);
/** SVG animation attributes that can set another attribute (an href) to a script URL. */
const ANIMATION_VALUES = ['to', 'from', 'values', 'by'];
const SCRIPT_URL = /^(?:javascript|vbscript|livescript):/;
const SAFE_LINK = /^(?:https?:|mailto:|#)/;

export function emptyCounts(): BlockedCounts {
  return { scripts: 0, handlers: 0, scriptUrls: 0, frames: 0, meta: 0, remote: 0, forms: 0, other: 0 };
}

/** URL text as a browser reads it: control characters and white space inside a scheme are ignored. */
function normalizedUrl(value: string): string {
  return value.replace(/[\u0000-\u0020\u007f]+/g, '').toLowerCase();
}

/**
 * CSS as the browser reads it: comments gone, escapes decoded ("u\72l(" is "url(", "@\69mport" is "@import"),
 * so the checks below see what the browser would fetch. A decoded "<" is escaped again: a style element's text
 * must never close the element.
 */
function decodedCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '')
    .replace(/\\(?:([0-9a-fA-F]{1,6})[ \t\r\n\f]?|([^\n0-9a-fA-F]))/g, (_, hex: string, char: string) => {
      if (char !== undefined) return char;
      const code = parseInt(hex, 16);
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)
        ? '\ufffd'
        : String.fromCodePoint(code);
    })
    .replace(/</g, '\\3c ');
}

/** Functions that fetch an image from a plain string as well as from url(): image-set("http://…" 1x). */
const IMAGE_FUNCTIONS = /(?:-webkit-)?(?:image-set|image|cross-fade)\(((?:[^()]|\([^()]*\))*)\)/gi;
const CSS_STRING = /(["'])((?:\\.|(?!\1)[^\\])*)\1/g;

/** CSS with remote url(), image-set() and @import removed and cid: url() resolved. */
export function cleanCss(css: string, images: ReadonlyMap<string, string>, counts: BlockedCounts): string {
  const url = (address: string): string | null => {
    const key = cidUrlKey(address);
    if (key !== null) return images.get(key) ?? null;
    return normalizedUrl(address).startsWith('data:image/') ? address : null;
  };
  return decodedCss(css)
    .replace(/@import\b[^;]*;?/gi, () => {
      counts.remote++;
      return '';
    })
    .replace(/url\(\s*(['"]?)(.*?)\1\s*\)/gi, (_whole, _quote: string, address: string) => {
      const kept = url(address);
      if (kept !== null) return `url("${kept}")`;
      if (cidUrlKey(address) === null) counts.remote++;
      return 'none';
    })
    .replace(IMAGE_FUNCTIONS, (whole, inside: string) => {
      const strings = [...inside.matchAll(CSS_STRING)].map((m) => m[2]);
      if (strings.every((s) => url(s) !== null)) return whole;
      counts.remote++;
      return 'none';
    });
}

/** What one attribute becomes: kept, rewritten, or removed (and counted). */
function cleanAttribute(
  element: Element,
  event: UponSanitizeAttributeHookEvent,
  images: ReadonlyMap<string, string>,
  counts: BlockedCounts,
): void {
  const name = event.attrName.toLowerCase();
  const value = event.attrValue;
  const drop = (key?: keyof BlockedCounts) => {
    if (key) counts[key]++;
    event.keepAttr = false;
  };
  if (name.startsWith('on')) return drop('handlers');
  if (name === 'style') {
    event.attrValue = cleanCss(value, images, counts);
    return;
  }
  const tag = element.localName.toLowerCase();
  if (ANIMATION_VALUES.includes(name) && SCRIPT_URL.test(normalizedUrl(value))) return drop('scriptUrls');
  const isUrl =
    FETCHING.has(name) ||
    INERT_URLS.has(name) ||
    SRCSETS.has(name) ||
    LINKS.has(name) ||
    ['action', 'formaction', 'ping'].includes(name);
  if (!isUrl) return;
  const url = normalizedUrl(value);
  if (SCRIPT_URL.test(url)) return drop('scriptUrls');
  if (name === 'action' || name === 'formaction') return drop('forms');
  if (LINKS.has(name) && (tag === 'a' || tag === 'area')) {
    // A link is only followed on a click, and the sandbox blocks the new window: keep the address to read.
    if (!SAFE_LINK.test(url)) drop();
    return;
  }
  if (INERT_URLS.has(name)) return drop();
  if (FETCHING.has(name) || LINKS.has(name)) {
    const key = cidUrlKey(value);
    const data = key === null ? undefined : images.get(key);
    if (data) event.attrValue = data;
    else if (key === null && url.startsWith('data:image/')) return;
    else drop(key === null && url !== '' ? 'remote' : undefined);
    return;
  }
  // srcset and ping: every entry would be a fetch.
  drop(url !== '' ? 'remote' : undefined);
}

/** Why an element was removed, for the counts. */
function removedElementKind(element: Element): keyof BlockedCounts | null {
  const tag = element.nodeName.toLowerCase();
  if (tag === 'script') return 'scripts';
  if (FRAMES.has(tag)) return 'frames';
  if (tag === 'meta' || tag === 'base') return 'meta';
  if (tag === 'link') return 'remote';
  if (tag.startsWith('#')) return null;
  return 'other';
}

const CONFIG: Config = {
  WHOLE_DOCUMENT: true,
  ADD_TAGS: ['title'],
  ADD_ATTR: ['target'],
  // Links are judged by the hook (http, https, mailto and fragments stay; other schemes go).
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto|cid|data):|#|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
};

/** Cleans message HTML. `window` is injectable for tests; DOMPurify parses it in an inert document. */
export function cleanHtml(
  html: string,
  images: ReadonlyMap<string, string>,
  window: Window & typeof globalThis = globalThis.window,
): CleanHtml {
  const counts = emptyCounts();
  // One DOMPurify per message: its hooks close over this message's counts (nothing shared between labs).
  const purify = DOMPurify(window);
  purify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style') node.textContent = cleanCss(node.textContent ?? '', images, counts);
  });
  purify.addHook('uponSanitizeAttribute', (node, event) => cleanAttribute(node, event, images, counts));
  purify.addHook('afterSanitizeAttributes', (node) => {
    const tag = node.localName?.toLowerCase();
    if (tag === 'form') {
      node.removeAttribute('target');
      node.removeAttribute('method');
    } else if ((tag === 'a' || tag === 'area') && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
      if (!node.hasAttribute('title')) node.setAttribute('title', node.getAttribute('href') ?? '');
    } else node.removeAttribute('target');
  });
  const clean = purify.sanitize(html, CONFIG);
  for (const removed of purify.removed) {
    if (!('element' in removed)) continue;
    const kind = removedElementKind(removed.element as Element);
    if (kind === null) continue;
    // An SVG animation that would set a link to a script URL: say so.
    const element = removed.element as Element;
    const scripted = ANIMATION_VALUES.some((a) =>
      SCRIPT_URL.test(normalizedUrl(element.getAttribute?.(a) ?? '')),
    );
    counts[scripted ? 'scriptUrls' : kind]++;
  }
  return { html: clean, blocked: counts };
}

export function totalBlocked(counts: BlockedCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
