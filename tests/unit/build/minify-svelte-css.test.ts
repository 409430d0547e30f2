import { readdirSync, readFileSync } from 'node:fs';
import { compile } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';
import { transform } from 'lightningcss';
import { minifyComponentCss, unquote } from '../../../scripts/minify-svelte-css.ts';

/** A component compiled as the build compiles it, and its stylesheet as Svelte gives it apart (same hash). */
function compiled(file: string): { js: string; css: string } {
  const source = readFileSync(file, 'utf8');
  const options = { filename: file, generate: 'client', dev: false } as const;
  const js = compile(source, { ...options, css: 'injected' }).js.code;
  // Our components ask for css="injected" themselves; without that line, Svelte hands the stylesheet over apart.
  const apart = source.replace('<svelte:options css="injected" />', '');
  const css = compile(apart, { ...options, css: 'external' }).css?.code ?? '';
  return { js, css };
}

/** An at-rule's prelude with its white space made alike (the minifier drops what it can). */
const norm = (prelude: string): string => {
  const tight = prelude.replace(/\s+/g, '');
  // A container query may be written in the range syntax: every browser with container queries reads it.
  return tight.startsWith('@container')
    ? tight.replace(/\(min-width:([^)]*)\)/g, '(width>=$1)').replace(/\(max-width:([^)]*)\)/g, '(width<=$1)')
    : tight;
};

const canonical = (css: string): string =>
  transform({ filename: 'x.css', code: Buffer.from(css), minify: true }).code.toString();

/** The stylesheet a compiled component injects, read back out of its JS. */
function injectedCss(js: string): string | null {
  const found = /const \$\$css = \{\s*hash: '[^']*',\s*code: ("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/.exec(js);
  if (!found) return null;
  return found[1].startsWith('"') ? (JSON.parse(found[1]) as string) : unquote(found[1].slice(1, -1));
}

describe('minifying the stylesheet a Svelte component carries', () => {
  it('reads Svelte’s string literal back to the exact stylesheet (quotes and backslashes included)', () => {
    // LabRoot's font lists hold quoted names ('Segoe UI'), which Svelte escapes as \' in its literal.
    for (const file of ['src/ui/LabRoot.svelte', 'src/ui/Transcript.svelte']) {
      const { js, css } = compiled(file);
      expect(css).toContain(file.includes('LabRoot') ? "'Segoe UI'" : '.transcript');
      // Svelte trims the injected copy's whitespace: compare the two as Lightning CSS reads them.
      expect(canonical(injectedCss(js)!)).toBe(canonical(css));
    }
    expect(unquote(String.raw`a\'b\\c\nd\u00e9\x41`)).toBe("a'b\\c\nd\u00e9A");
  });

  it('makes the stylesheet smaller and keeps every scoped selector and custom property', () => {
    const { js, css } = compiled('src/ui/LabRoot.svelte');
    const out = injectedCss(minifyComponentCss(js, 'LabRoot.svelte'));
    expect(out).not.toBeNull();
    expect(out!.length).toBeLessThan(css.length * 0.95);
    const hash = /svelte-[a-z0-9]+/.exec(css)![0];
    const selectors = (s: string) => new Set(s.match(new RegExp(`[.\\w-]*\\.${hash}`, 'g')));
    expect(selectors(out!)).toEqual(selectors(css));
    const customProps = (s: string) => new Set(s.match(/--lab-[\w-]+(?=:)/g));
    expect(customProps(out!)).toEqual(customProps(css));
    expect(out).toContain('"Segoe UI"');
    // The rest of the module is left alone.
    expect(minifyComponentCss(js, 'LabRoot.svelte').replace(/const \$\$css[\s\S]*?\n\};/, '')).toBe(
      js.replace(/const \$\$css[\s\S]*?\n\};/, ''),
    );
  });

  it('keeps every component’s rules: its scoped selectors, its at-rules and its declarations’ properties', () => {
    const files = readdirSync('src/ui', { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.svelte'))
      .map((f) => `src/ui/${f}`)
      .filter((f) => readFileSync(f, 'utf8').includes('<style'));
    expect(files.length).toBeGreaterThan(30);
    const atRules = (s: string) => new Set(s.match(/@(media|supports|container|keyframes)[^{]*/g)?.map(norm));
    const properties = (s: string) =>
      new Set(
        s
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .match(/(?<=[{;])\s*-?[a-z][a-z-]*(?=\s*:)/g)
          ?.map((p) => p.trim()),
      );
    for (const file of files) {
      const { js, css } = compiled(file);
      const out = injectedCss(minifyComponentCss(js, file));
      if (!css) continue;
      const hash = /svelte-[a-z0-9]+/.exec(css)?.[0];
      const selectors = (s: string) => new Set(s.match(new RegExp(`[.\\w-]*\\.${hash}`, 'g')));
      expect(selectors(out!), file).toEqual(selectors(css));
      expect(atRules(out!), file).toEqual(atRules(css));
      // Media queries keep the syntax every targeted browser reads: (min-width: 60rem), not the range syntax
      // (width >= 60rem) that Safari reads only from 16.4.
      expect(out, file).not.toMatch(/@media[^{]*[<>]=?/);
      // Longhands may be merged into their shorthand (margin-top + ... -> margin): every property minified is
      // one of the source's or the shorthand of some.
      const before = properties(css);
      // Vendor prefixes are added for the oldest targeted browsers (Safari 15.4 wants -webkit-user-select).
      for (const prop of [...properties(out!)].map((p) => p.replace(/^-(webkit|moz|ms)-/, '')))
        expect(
          before.has(prop) || [...before].some((p) => p.startsWith(`${prop}-`)),
          `${file}: ${prop}`,
        ).toBe(true);
    }
  });

  it('leaves a component without a stylesheet unchanged', () => {
    const { js } = compiled('src/ui/LabProvider.svelte');
    expect(js).not.toContain('$$css');
    expect(minifyComponentCss(js, 'LabProvider.svelte')).toBe(js);
  });
});
