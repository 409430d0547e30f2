import { describe, expect, it } from 'vitest';
import { setup } from './harness.ts';

const PASTE = (text: string) => `\x1b[200~${text}\x1b[201~`;

describe('line editor: typing and editing', () => {
  it('draws the prompt and the typed text, and sends the line on Enter', async () => {
    const h = setup({ prompt: '$ ' });
    h.editor.feed('echo hi');
    expect(await h.rows()).toEqual(['$ echo hi']);
    h.editor.feed('\r');
    expect(h.shell.inputs).toEqual(['echo hi']);
    expect(await h.rows()).toEqual(['$ echo hi', '$']);
  });

  it('edits in the middle of the line: left, insert, Backspace, Delete, Home, End', async () => {
    const h = setup({ prompt: '' });
    h.editor.feed('HELO exmple.test');
    h.editor.feed('\x1b[D'.repeat(9)); // before "mple"
    h.editor.feed('a');
    h.editor.feed('\x01\x1b[3~\x1b[3~\x1b[3~\x1b[3~E'); // Home, delete "HELO", type E
    h.editor.feed('HLO\x1b[D\x1b[Dx\x7f\x1b[FX');
    expect(h.editor.current.text).toBe('EHLO example.testX');
    h.editor.feed('\x7f\r');
    expect(h.shell.inputs).toEqual(['EHLO example.test']);
  });

  it('places the cursor after wide characters where the terminal draws them', async () => {
    const h = setup({ prompt: '> ' });
    h.editor.feed('RCPT TO:<用户@例子.广告>');
    expect((await h.cursor()).x).toBe(2 + 'RCPT TO:<'.length + 2 * 2 + 1 + 2 * 2 + 1 + 2 * 2 + 1);
    h.editor.feed('\x1b[D\x1b[D');
    expect((await h.cursor()).x).toBe(2 + 9 + 4 + 1 + 4 + 1 + 2);
    h.editor.feed('\r');
    expect(h.shell.inputs).toEqual(['RCPT TO:<用户@例子.广告>']);
  });

  it('kills with Ctrl-U, Ctrl-K and Ctrl-W', () => {
    const h = setup();
    h.editor.feed('MAIL FROM:<a@b>\x17');
    expect(h.editor.current.text).toBe('MAIL ');
    h.editor.feed('\x15');
    expect(h.editor.current.text).toBe('');
    h.editor.feed('RCPT TO:<x>\x01\x1b[C\x1b[C\x1b[C\x1b[C\x0b');
    expect(h.editor.current.text).toBe('RCPT');
  });

  it('draws controls pasted into a line in caret notation, and sends them as they are', async () => {
    const h = setup({ prompt: '' });
    h.editor.feed(PASTE('a\x1bb'));
    expect(await h.rows()).toEqual(['a^[b']);
    h.editor.feed('\r');
    expect(h.shell.inputs).toEqual(['a\x1bb']);
  });
});

describe('line editor: the Tab key', () => {
  it('in an SMTP session inserts a tab, drawn up to the next tab stop with the cursor after it, and sends HT', async () => {
    const h = setup({ prompt: '', program: 'telnet', historyKey: 'smtp' });
    h.editor.feed('Subject:\thi\x1b[D\x1b[D\t');
    expect(h.editor.current).toEqual({ text: 'Subject:\t\thi', cursor: 10 });
    // "Subject:" fills columns 0-7: the first tab goes to 16, the second to 24.
    expect(await h.rows()).toEqual(['Subject:' + ' '.repeat(16) + 'hi']);
    expect((await h.cursor()).x).toBe(24);
    h.editor.feed('\r');
    expect(h.shell.inputs).toEqual(['Subject:\t\thi']);
    // A folded header's continuation line, typed with a leading tab.
    h.editor.feed('\tand more\r');
    expect(h.shell.inputs.at(-1)).toBe('\tand more');
  });

  it('for a program reading the keyboard (cat, base64) inserts a tab too', () => {
    const h = setup({ prompt: '', program: 'cat', historyKey: 'stdin' });
    h.editor.feed('a\tb\r');
    expect(h.shell.inputs).toEqual(['a\tb']);
  });

  it('at the shell prompt and telnet> does nothing (there is no completion)', () => {
    for (const mode of [
      { prompt: '$ ', program: 'shell', historyKey: 'shell' },
      { prompt: 'telnet> ', program: 'telnet', historyKey: 'telnet' },
    ]) {
      const h = setup(mode);
      h.editor.feed('tel\tnet\r');
      expect(h.shell.inputs, mode.program).toEqual(['telnet']);
    }
  });
});

describe('line editor: signals', () => {
  it('Ctrl-C prints ^C, drops the line and sends interrupt', async () => {
    const h = setup({ prompt: '$ ' });
    h.editor.feed('telnet oops\x03');
    expect(h.shell.signals).toEqual(['interrupt']);
    expect(h.shell.inputs).toEqual([]);
    expect(h.editor.current.text).toBe('');
    expect(await h.rows()).toEqual(['$ telnet oops^C', '$']);
  });

  it('prints ^C once when the program prints it itself (telnet does)', async () => {
    const h = setup({ prompt: '' });
    h.shell.signal = (signal) => {
      h.shell.signals.push(signal);
      h.shell.output!.write('^C\n');
    };
    h.editor.feed('NOOP\x03');
    expect(await h.rows()).toEqual(['NOOP^C']);
    expect(h.editor.current.text).toBe('');
  });

  it("Ctrl-] leaves the typed text on its row, followed by what telnet prints, then telnet's prompt", async () => {
    const h = setup({ prompt: '' });
    h.shell.signal = (signal) => {
      h.shell.signals.push(signal);
      h.shell.output!.write('^]\n');
      h.shell.setMode({ prompt: 'telnet> ', historyKey: 'telnet' });
    };
    h.editor.feed('MAIL\x1d');
    expect(h.shell.signals).toEqual(['escape']);
    expect(await h.rows()).toEqual(['MAIL^]', 'telnet>']);
    expect(h.editor.current.text).toBe('');
  });

  it('Ctrl-] that no program handles leaves the line alone', () => {
    const h = setup();
    h.editor.feed('ls\x1d');
    expect(h.editor.current.text).toBe('ls');
  });

  it('Ctrl-D is end-of-file on an empty line and delete-forward otherwise', () => {
    const h = setup();
    h.editor.feed('ab\x01\x04');
    expect(h.editor.current.text).toBe('b');
    expect(h.shell.signals).toEqual([]);
    h.editor.feed('\x05\x15\x04');
    expect(h.shell.signals).toEqual(['eof']);
  });

  it('Ctrl-L sends clear, and the line being typed is drawn again on the cleared screen', async () => {
    const h = setup({ prompt: '$ ' });
    h.editor.feed('one\r');
    h.editor.feed('two\x0c');
    expect(h.shell.signals).toEqual(['clear']);
    expect(await h.rows()).toEqual(['$ two']);
  });
});

describe('line editor: echo, modes and history', () => {
  it('does not draw typed characters when echo is off, but still sends them', async () => {
    const h = setup({ prompt: '', echo: false });
    h.editor.feed('HELO smtp.mail.yahoo.com');
    expect(await h.rows()).toEqual([]);
    h.editor.feed('\r');
    expect(h.shell.inputs).toEqual(['HELO smtp.mail.yahoo.com']);
    expect(await h.rows()).toEqual([]);
  });

  it('redraws the prompt when the mode changes', async () => {
    const h = setup({ prompt: '$ ' });
    h.shell.respond = () => h.shell.setMode({ prompt: 'telnet> ', program: 'telnet' });
    h.editor.feed('x\r');
    expect(await h.rows()).toEqual(['$ x', 'telnet>']);
  });

  it('keeps one history per history key', () => {
    const h = setup({ historyKey: 'shell' });
    h.editor.feed('telnet mail.example.test 25\r');
    h.shell.setMode({ historyKey: 'smtp', prompt: '' });
    h.editor.feed('EHLO laptop\rMAIL FROM:<a@b>\r');
    h.editor.feed('\x1b[A');
    expect(h.editor.current.text).toBe('MAIL FROM:<a@b>');
    h.editor.feed('\x1b[A\x1b[A');
    expect(h.editor.current.text).toBe('EHLO laptop');
    h.shell.setMode({ historyKey: 'shell', prompt: '$ ' });
    h.editor.feed('\x15\x1b[A');
    expect(h.editor.current.text).toBe('telnet mail.example.test 25');
    h.editor.feed('\x1b[B');
    expect(h.editor.current.text).toBe('');
  });

  it('draws output that arrives while a line is being typed above the line, and keeps the line', async () => {
    const h = setup({ prompt: '' });
    h.editor.feed('NOOP');
    h.editor.output.write('421 4.4.2 mail.example.test Error: timeout exceeded\n');
    const reply = '421 4.4.2 mail.example.test Error: timeout exceeded';
    expect(await h.rows()).toEqual([reply.slice(0, 40), reply.slice(40), 'NOOP']);
    expect(h.editor.current.text).toBe('NOOP');
  });

  it('draws the prompt after output that did not end its line', async () => {
    const h = setup({ prompt: '> ' });
    h.editor.output.write('no newline');
    h.editor.feed('x');
    expect(await h.rows()).toEqual(['no newline> x']);
  });
});

describe('line editor: paste', () => {
  it('sends each pasted line as its own input, in order, and leaves a last partial line to edit', () => {
    const h = setup({ prompt: '' });
    h.editor.feed(PASTE('Subject: hi\r\rHello\r.\rQU'));
    expect(h.shell.inputs).toEqual(['Subject: hi', '', 'Hello', '.']);
    expect(h.editor.current.text).toBe('QU');
    h.editor.feed('IT\r');
    expect(h.shell.inputs.at(-1)).toBe('QUIT');
  });

  it('inserts a paste at the cursor and enters the whole line', () => {
    const h = setup();
    h.editor.feed('RCPT TO:<>\x1b[D');
    h.editor.feed(PASTE('bob@example.test\r'));
    expect(h.shell.inputs).toEqual(['RCPT TO:<bob@example.test>']);
  });

  it('feeds a big paste in slices and types what was typed meanwhile after it', () => {
    const h = setup({ prompt: '' }, { linesPerSlice: 100 });
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}`);
    h.editor.feed(PASTE(lines.join('\r') + '\r'));
    expect(h.shell.inputs.length).toBe(100);
    h.editor.feed('typed\r');
    expect(h.shell.inputs.length).toBe(100);
    expect(h.editor.busyFeeding).toBe(true);
    h.runAllSlices();
    expect(h.shell.inputs.slice(0, 1000)).toEqual(lines);
    expect(h.shell.inputs.slice(1000)).toEqual(['typed']);
    expect(h.editor.busyFeeding).toBe(false);
  });

  it('stops feeding a paste at Ctrl-C', () => {
    const h = setup({ prompt: '' }, { linesPerSlice: 10 });
    h.editor.feed(PASTE('x\r'.repeat(100)));
    h.editor.feed('\x03');
    h.runAllSlices();
    expect(h.shell.inputs.length).toBe(10);
    expect(h.shell.signals).toEqual(['interrupt']);
  });

  it('types a line for a lesson after the pending input, and resolves when it was entered', async () => {
    const h = setup({ prompt: '' });
    h.editor.feed('abc');
    const done = h.editor.typeLine('EHLO laptop');
    await done;
    expect(h.shell.inputs).toEqual(['abcEHLO laptop']);
  });
});

describe('line editor: a 100 000-character line', () => {
  it('keeps the whole line, draws only one row of it, and sends all of it', async () => {
    const h = setup({ prompt: '$ ' }, {}, 40);
    const long = 'x'.repeat(99_990) + 'END';
    h.editor.feed(PASTE(long));
    expect(h.editor.current.text.length).toBe(long.length);
    const rows = await h.rows();
    expect(rows.length).toBe(1);
    expect(rows[0].length).toBeLessThan(40);
    expect(rows[0]).toMatch(/^\$ <x+END$/);
    h.editor.feed('\x01');
    expect((await h.rows())[0]).toMatch(/^\$ x+>$/);
    h.editor.feed('\x05\r');
    expect(h.shell.inputs).toEqual([long]);
  });

  it('scrolls the row to follow the cursor in a line wider than the terminal', async () => {
    const h = setup({ prompt: '' }, {}, 20);
    h.editor.feed('abcdefghijklmnopqrstuvwxyz');
    let rows = await h.rows();
    expect(rows).toHaveLength(1);
    expect(rows[0].endsWith('xyz')).toBe(true);
    h.editor.feed('\x01');
    rows = await h.rows();
    expect(rows[0].startsWith('abc')).toBe(true);
    expect((await h.cursor()).x).toBe(0);
  });
});

describe('line editor: holding input while the world loads (holdUntil)', () => {
  it('keys and typed lines wait, in order, until the promise settles, then run', async () => {
    const h = setup({ prompt: '$ ' });
    let release: () => void = () => {};
    h.editor.holdUntil(new Promise<void>((resolve) => (release = resolve)));
    h.editor.feed('first\r');
    const typed = h.editor.typeLine('second');
    h.editor.feed('third\r');
    await Promise.resolve();
    expect(h.shell.inputs).toEqual([]);
    release();
    await typed;
    expect(h.shell.inputs).toEqual(['first', 'second', 'third']);
  });

  it('a failed load releases the input too (the terminal never stays dead)', async () => {
    const h = setup();
    h.editor.holdUntil(Promise.reject(new Error('chunk failed')));
    h.editor.feed('echo hi\r');
    expect(h.shell.inputs).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(h.shell.inputs).toEqual(['echo hi']);
    // Said, not silent: the learner knows why mail may not leave.
    expect((await h.rows()).join('')).toMatch(/could not be loaded \(chunk failed\)/);
  });
});
