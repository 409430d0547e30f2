import { describe, expect, it } from 'vitest';
import { manglePrivates, readsOf } from '../../../scripts/mangle-xterm-privates.ts';

// A chunk shaped like xterm's: a class with private members, and an addon in the same chunk reaching into them.
const CHUNK = `
class Core { constructor() { this._renderService = { dimensions: { css: { cell: { width: 9 } } } }; this.__proto_like = 1; } }
export class Terminal {
  constructor() { this._core = new Core(); this.options = { fontSize: 15 }; }
  get _private() { return this._core; }
  loadAddon(addon) { addon.activate(this); }
  write(data) { return data + this._private._renderService.dimensions.css.cell.width; }
}
export class FitAddon {
  activate(terminal) { this._terminal = terminal; }
  proposeDimensions() { return this._terminal._core._renderService.dimensions.css.cell.width; }
}
`;

interface TerminalLike {
  loadAddon(addon: unknown): void;
  write(data: string): string;
}
interface FitLike {
  proposeDimensions(): number;
}
async function load(
  code: string,
): Promise<{ Terminal: new () => TerminalLike; FitAddon: new () => FitLike }> {
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

describe("shortening xterm's private member names", () => {
  it('renames every private member, the same way in the addon, and nothing public', async () => {
    const { code, renamed } = await manglePrivates(CHUNK);
    expect(new Set(renamed)).toEqual(new Set(['_renderService', '_core', '_private', '_terminal']));
    expect(code).not.toMatch(/\._(renderService|core|private|terminal)\b/);
    // Public names and double-underscore names stay.
    for (const kept of [
      'loadAddon',
      'proposeDimensions',
      'options',
      'fontSize',
      'dimensions',
      '__proto_like',
    ])
      expect(code).toContain(kept);
    // It still runs: the addon finds the terminal's private parts under their new names.
    const { Terminal, FitAddon } = await load(code);
    const terminal = new Terminal();
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    expect(fit.proposeDimensions()).toBe(9);
    expect(terminal.write('x')).toBe('x9');
  });

  it('finds another chunk that still reads a renamed member by its old name', async () => {
    const { renamed } = await manglePrivates(CHUNK);
    expect(readsOf('const w = term._core._renderService.dimensions;', renamed)).toEqual([
      '_renderService',
      '_core',
    ]);
    // Near misses: a DKIM key name in a string, a public member, a name xterm does not have.
    expect(readsOf('`${s}._domainkey.${d}`; term.options; obj._mine', renamed)).toEqual([]);
  });
});
