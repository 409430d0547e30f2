// Vite plugin: shorten xterm.js's private member names in the chunk that holds it. xterm ships minified, but its
// ~700 private members keep their names (this._bufferService, this._activeBuffer: 5,500 uses), 4.5 kB gzip of the
// ~83 kB every lesson loads. Terser renames them in one pass over the whole chunk, so that the fit addon, which
// reads terminal._core._renderService, gets the same names. Only names of one underscore and a letter: xterm's
// public API has none. Our own code reaching into xterm's private parts from another chunk, by a name renamed
// here, fails the build.
import { minify } from 'terser';
import type { Plugin } from 'vite';

/** xterm's private members (this._core), never `__proto__` or `__decorate`. */
export const PRIVATE_MEMBER = /^_[A-Za-z]/;

/** The chunk's code with its private member names shortened, and the names it renamed. */
export async function manglePrivates(code: string): Promise<{ code: string; renamed: string[] }> {
  const nameCache: { props?: { props?: Record<string, string> } } = {};
  const out = await minify(code, {
    module: true,
    // Only the renaming: Vite minifies the chunk as every other one.
    compress: false,
    mangle: { properties: { regex: PRIVATE_MEMBER } },
    format: { comments: false },
    nameCache,
  });
  if (out.code === undefined) throw new Error('terser returned no code');
  // Terser keys its cache by "$" + name.
  const renamed = Object.keys(nameCache.props?.props ?? {}).map((key) => key.slice(1));
  return { code: out.code, renamed };
}

/** The renamed members that this code still reads or writes by their old name (`._name`). */
export function readsOf(code: string, renamed: readonly string[]): string[] {
  const used = new Set(code.match(/\._[A-Za-z][\w$]*/g)?.map((m) => m.slice(1)));
  return renamed.filter((name) => used.has(name));
}

const holdsXterm = (moduleIds: readonly string[]): boolean =>
  moduleIds.some((id) => id.includes('/node_modules/@xterm/xterm/'));

export function mangleXtermPrivates(): Plugin {
  let renamed: string[] = [];
  return {
    name: 'smtp-lab:mangle-xterm-privates',
    apply: 'build',
    async renderChunk(code, chunk) {
      if (!holdsXterm(chunk.moduleIds)) return null;
      const out = await manglePrivates(code);
      renamed = out.renamed;
      return { code: out.code, map: null };
    },
    // Our own modules only: the libraries in other chunks (YAML, zod) have private members of their own.
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || holdsXterm(chunk.moduleIds)) continue;
        for (const [id, module] of Object.entries(chunk.modules)) {
          if (id.includes('/node_modules/') || !module.code) continue;
          const reads = readsOf(module.code, renamed);
          if (reads.length > 0)
            this.error(
              `${id} reads xterm's private ${reads.join(', ')}, renamed by scripts/mangle-xterm-privates.ts`,
            );
        }
      }
    },
  };
}
