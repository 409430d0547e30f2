// Text from elsewhere than the learner's keyboard never drives the terminal (issue 9 §2). A real xterm (headless)
// behind the line editor and the simulated laptop: a line typed as "foreign" (a share link, a progress file, a
// lesson) shows the escape sequences it makes the shell print; the same line typed by the learner still works,
// since a terminal is there to obey its user. The shell's own messages quote names as bash 5.2 does.
import { Terminal } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { fixedEnvironment } from '../../../src/smtp/environment.ts';
import { Network } from '../../../src/smtp/network.ts';
import { defaultWorld } from '../../../src/smtp/worlds.ts';
import { XtermBinding } from '../../../src/terminal/binding.ts';
import { visibleControls } from '../../../src/terminal/controls.ts';
import { LineEditor } from '../../../src/terminal/editor.ts';
import { linkTarget } from '../../../src/terminal/links.ts';
import { ansiCQuote } from '../../../src/workstation/escapes.ts';
import { createWorkstation } from '../../../src/workstation/workstation.ts';

function lab() {
  const term = new Terminal({ cols: 80, rows: 12, allowProposedApi: true });
  const editor = new LineEditor({ schedule: (task) => setTimeout(task, 0) });
  const shell = createWorkstation({
    network: new Network(defaultWorld, fixedEnvironment()),
    output: editor.output,
  });
  editor.setShell(shell);
  term.loadAddon(new XtermBinding(editor));
  const settled = () => new Promise<void>((resolve) => term.write('', resolve));
  return {
    term,
    editor,
    async rows(): Promise<string[]> {
      await settled();
      const buffer = term.buffer.active;
      const out: string[] = [];
      for (let y = 0; y < buffer.length; y++)
        out.push(buffer.getLine(y)?.translateToString(true).trimEnd() ?? '');
      while (out.length && out[out.length - 1] === '') out.pop();
      return out;
    },
    /** The colour of the cell where text was last written (a red SGR that ran makes it 1, the default -1). */
    async colourOf(text: string): Promise<number> {
      await settled();
      const buffer = term.buffer.active;
      // The last place it shows: the output, below the command line that typed it.
      for (let y = buffer.length - 1; y >= 0; y--) {
        const line = buffer.getLine(y)!;
        const x = line.translateToString(true).lastIndexOf(text);
        if (x >= 0) return line.getCell(x)!.getFgColor();
      }
      return -2;
    },
  };
}

// The attacks of the issue: clear the screen, draw a fake prompt in colour, an OSC 8 link, a C1 CSI.
const CLEAR_AND_FAKE = String.raw`printf '\033[2J\033[H\033[31mFAKE\033[0m learner@laptop:~$ '`;
const LINK = String.raw`printf '\e]8;;https://evil.test/\e\\click me\e]8;;\e\\\n'`;
const C1 = String.raw`echo -e 'x\u009b2Jy'`;

describe('a line from elsewhere', () => {
  it('shows the escape sequences it prints, and the screen above stays', async () => {
    const t = lab();
    await t.editor.typeLine('echo before');
    await t.editor.typeLine(CLEAR_AND_FAKE, { foreign: true });
    const rows = await t.rows();
    expect(rows).toContain('before');
    expect(rows.join('\n')).toContain('^[[2J^[[H^[[31mFAKE^[[0m learner@laptop:~$');
    expect(await t.colourOf('FAKE')).toBe(-1);
  });

  it('shows an OSC 8 link as text, never as a link', async () => {
    const t = lab();
    await t.editor.typeLine(LINK, { foreign: true });
    expect((await t.rows()).join('\n')).toContain('^[]8;;https://evil.test/^[\\click me^[]8;;^[\\');
  });

  it('shows C1 controls (U+009B is CSI) by their code', async () => {
    const t = lab();
    await t.editor.typeLine('echo before');
    await t.editor.typeLine(C1, { foreign: true });
    const rows = await t.rows();
    expect(rows).toContain('before');
    expect(rows).toContain('x\\x9b2Jy');
  });

  it('after it, the learner’s own lines print as usual', async () => {
    const t = lab();
    await t.editor.typeLine(CLEAR_AND_FAKE, { foreign: true });
    await t.editor.typeLine(String.raw`printf '\033[31mRED\033[0m\n'`);
    expect(await t.colourOf('RED')).toBe(1);
  });
});

describe('the learner’s own line', () => {
  it('may clear the screen and colour text: that is what a terminal does', async () => {
    const t = lab();
    await t.editor.typeLine('echo before');
    await t.editor.typeLine(CLEAR_AND_FAKE);
    const rows = await t.rows();
    expect(rows).not.toContain('before');
    expect(await t.colourOf('FAKE')).toBe(1);
  });
});

describe('the shell’s own messages', () => {
  // Expected texts: GNU bash 5.2.15 in C.UTF-8, for the same names.
  it.each([
    [String.raw`$'\e[2J\e[31mfake'`, String.raw`bash: $'\E[2J\E[31mfake': command not found`],
    [String.raw`$'\u009b2J'`, String.raw`bash: $'\302\2332J': command not found`],
    [String.raw`cd $'\e]8;;x\a'`, String.raw`bash: cd: $'\E]8;;x\a': No such file or directory`],
  ])('quote %s as bash does, so the name never reaches the terminal raw', async (line, message) => {
    const t = lab();
    await t.editor.typeLine('echo before');
    // Typed by the learner even: the message is the shell's, and bash never prints the raw name.
    await t.editor.typeLine(line);
    const rows = await t.rows();
    expect(rows).toContain('before');
    expect(rows).toContain(message);
  });

  it('printf %q quotes controls the same way', () => {
    expect(ansiCQuote('a\x1b\u009bb')).toBe(String.raw`$'a\E\302\233b'`);
    expect(ansiCQuote('plain')).toBe('plain');
  });
});

describe('visibleControls', () => {
  it('keeps line ends and tabs, shows every other control', () => {
    expect(visibleControls('a\tb\r\nc\rd\x00\x7f\x1b\u0085')).toBe('a\tb\r\nc^Md^@^?^[\\x85');
  });
});

describe('links in the terminal', () => {
  it('offers http(s) addresses, shown whole; refuses every other scheme', () => {
    expect(linkTarget('https://example.test/a?b#c')).toEqual({
      kind: 'web',
      url: 'https://example.test/a?b#c',
    });
    expect(linkTarget('http://ex\u0430mple.test/')).toEqual({
      kind: 'web',
      url: 'http://xn--exmple-4nf.test/',
    });
    for (const bad of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,x',
      'ssh://h',
      'not a url',
    ])
      expect(linkTarget(bad).kind, bad).toBe('refused');
    expect(linkTarget('https://e.test/' + 'a'.repeat(5000)).kind).toBe('refused');
  });
});
