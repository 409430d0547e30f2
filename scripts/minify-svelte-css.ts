// Vite plugin: minify the stylesheet each Svelte component carries in its JS (css: 'injected', so that a widget's
// styles land in its own shadow root, never in the host page). Svelte prints that CSS with its whitespace trimmed
// but not minified (`.a.svelte-x {margin:0.5rem 0;}`); Lightning CSS, which Vite already uses for stylesheets,
// makes it `.a.svelte-x{margin:.5rem 0}` and merges what it safely can.
import { transform } from 'lightningcss';
import MagicString from 'magic-string';
import type { Plugin } from 'vite';

/**
 * The oldest browsers the build targets (ES2022: Chrome 94, Firefox 93, Safari 15.4), as Lightning CSS encodes
 * versions (major << 16 | minor << 8). Without targets it writes media queries in the range syntax
 * (`width <= 800px`), which Safari reads only from 16.4, and leaves out the prefixes Safari 15 needs
 * (-webkit-user-select). Container queries keep the range syntax: every browser that has them reads it.
 */
const TARGETS = { chrome: 94 << 16, firefox: 93 << 16, safari: (15 << 16) | (4 << 8) };

/** The compiled component's stylesheet: `const $$css = { hash: '...', code: '...' };` (Svelte 5, css: 'injected'). */
const CSS_OBJECT = /(const \$\$css = \{\s*hash: '[^']*',\s*code: )'((?:[^'\\\n]|\\.)*)'/;

/** A single-quoted JS string literal's value (Svelte escapes `'`, `\` and line breaks in it). */
export function unquote(body: string): string {
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, esc: string) => {
    if (esc === 'n') return '\n';
    if (esc === 'r') return '\r';
    if (esc === 't') return '\t';
    if (esc[0] === 'u' || esc[0] === 'x')
      return String.fromCodePoint(parseInt(esc.replace(/[ux{}]/g, ''), 16));
    return esc;
  });
}

/** Where the component's stylesheet literal is in its JS, and that literal minified; null when it has none. */
function minifiedLiteral(
  code: string,
  filename: string,
): { start: number; end: number; literal: string } | null {
  const found = CSS_OBJECT.exec(code);
  if (!found) return null;
  const css = unquote(found[2]);
  const minified = transform({
    filename,
    code: Buffer.from(css),
    minify: true,
    targets: TARGETS,
  }).code.toString();
  const start = found.index + found[1].length;
  // JSON.stringify gives a valid JS string literal for any text.
  return { start, end: found.index + found[0].length, literal: JSON.stringify(minified) };
}

/** The component's JS with its stylesheet minified; unchanged when it has none. */
export function minifyComponentCss(code: string, filename: string): string {
  const found = minifiedLiteral(code, filename);
  return found ? code.slice(0, found.start) + found.literal + code.slice(found.end) : code;
}

/** In the dev server too, so that the end-to-end tests see the stylesheets the build ships. */
export function minifySvelteCss(): Plugin {
  return {
    name: 'smtp-lab:minify-svelte-css',
    enforce: 'post',
    transform(code, id) {
      if (!id.endsWith('.svelte')) return null;
      const found = minifiedLiteral(code, id);
      if (!found) return null;
      const out = new MagicString(code).overwrite(found.start, found.end, found.literal);
      return { code: out.toString(), map: out.generateMap({ hires: true, source: id }) };
    },
  };
}
