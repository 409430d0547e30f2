// dig, host, nslookup, openssl, printf, nc, date and the small tools (cat, base64, help...) load on first use (src/workstation/commands/index.ts). Typed before their
// code is here, they must answer exactly as when it was loaded first, and what is typed while it loads must not be
// lost. The test setup loads them for every other test: here each test gets fresh modules, nothing loaded.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { boot } from './harness.ts';

type Harness = typeof import('./harness.ts');
type Table = typeof import('../../../src/workstation/commands/index.ts');

let fresh: Harness;
let table: Table;
beforeEach(async () => {
  vi.resetModules();
  fresh = await import('./harness.ts');
  table = await import('../../../src/workstation/commands/index.ts');
});

/** Everything the laptop printed once the shell has its prompt back (the code loaded and the command ran). */
async function settled(laptop: ReturnType<Harness['boot']>): Promise<string> {
  await vi.waitFor(() => expect(laptop.shell.mode().program).toBe('shell'));
  return laptop.screen();
}

describe('commands loaded on demand', () => {
  it('starts with nothing loaded, and knows which commands wait for code', () => {
    const onDemand = [
      'dig',
      'host',
      'nslookup',
      'openssl',
      'printf',
      'nc',
      'netcat',
      'date',
      'base64',
      'cat',
    ];
    expect(table.notLoaded([...onDemand, 'help', 'history', 'ls', 'cd', 'pwd'])).toHaveLength(15);
    expect(table.notLoaded(['telnet', 'echo', 'clear', 'exit', 'true', 'digg', 'constructor'])).toEqual([]);
    expect(table.findCommand('dig')).toBeUndefined();
  });

  it('dig typed before its code loaded answers as a preloaded dig does, then the typed-ahead line runs', async () => {
    const cold = fresh.boot();
    cold.type('dig mx example.test');
    // Not answered yet: the shell waits for the chunk, shows no prompt, and keeps what is typed meanwhile.
    expect(cold.shell.mode()).toMatchObject({ program: 'dig', prompt: '' });
    cold.shell.input('echo typed while loading');
    const screen = await settled(cold);

    const warm = boot();
    warm.type('dig mx example.test');
    warm.type('echo typed while loading');
    // The same screen, but for the prompt and echo of the line typed ahead (this harness typed it unseen).
    expect(screen).toBe(warm.screen().replace('learner@laptop:~$ echo typed while loading\n', ''));
    expect(screen).toMatch(/typed while loading\n$/);
    expect(screen).toContain('mail.example.test.');
    expect(table.findCommand('dig')).toBeDefined();
  });

  it('a pipeline with printf into nc runs whole once printf is here (the session reaches the server)', async () => {
    const cold = fresh.boot();
    cold.type("printf 'EHLO laptop.client.test\\nQUIT\\n' | nc -C mail.example.test 25");
    await settled(cold);
    const replies = cold.events.filter((e) => e.type === 'reply').map((e) => e.reply.code);
    expect(replies).toEqual([220, 250, 221]);
  });

  it('nc typed before its code loaded talks to the server as a preloaded nc, lines typed meanwhile in order', async () => {
    const cold = fresh.boot();
    cold.type('nc -C mail.example.test 25');
    // Still loading: the SMTP lines typed now wait, and reach the server once nc is connected.
    cold.shell.input('EHLO laptop.client.test');
    cold.shell.input('QUIT');
    const screen = await settled(cold);
    const warm = boot();
    for (const line of ['nc -C mail.example.test 25', 'EHLO laptop.client.test', 'QUIT']) warm.type(line);
    const replies = (l: typeof warm) => l.events.flatMap((e) => (e.type === 'reply' ? [e.reply.lines] : []));
    expect(replies(cold)).toEqual(replies(warm));
    expect(cold.events.flatMap((e) => (e.type === 'reply' ? [e.reply.code] : []))).toEqual([220, 250, 221]);
    expect(screen).toContain('221 2.0.0 Bye');
    // netcat is the same program, from the same chunk: loaded with nc.
    expect(table.notLoaded(['netcat'])).toEqual(['netcat']);
    await table.loadCommands(['netcat']);
    expect(table.findCommand('netcat')).toBe(table.findCommand('nc'));
  });

  it('date and the small tools typed before their code loaded print what preloaded ones print', async () => {
    const lines = [
      'date -R',
      'date +%Y',
      "echo -n 'alice' | base64",
      'echo YWxpY2U= | base64 -d; echo',
      'whoami; hostname -f; pwd; cd /nowhere; ls',
      'help',
      'history 3',
    ];
    const cold = fresh.boot();
    for (const line of lines) cold.shell.input(line);
    const screen = await settled(cold);
    const warm = boot();
    for (const line of lines) warm.type(line);
    expect(screen).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/m);
    expect(screen).toMatch(/^YWxpY2U=$/m);
    expect(screen).toMatch(/^alice$/m);
    // The warm harness echoes each line with its prompt; the outputs are the same, in the same order.
    const outputs = (text: string) => text.split('\n').filter((row) => !row.startsWith('learner@laptop'));
    expect(outputs(screen)).toEqual(outputs(warm.screen()));
  });

  it('cat typed before its code loaded reads the lines and the Ctrl-D typed while it loaded', async () => {
    const cold = fresh.boot();
    cold.type('cat');
    cold.shell.input('first line');
    cold.shell.input('second line');
    cold.shell.signal('eof');
    cold.shell.input('echo after cat');
    const screen = await settled(cold);
    expect(screen).toMatch(/^first line\nsecond line\nafter cat\n$/m);
  });

  it('Ctrl-C pressed while the code loads reaches the shell after the command, in order', async () => {
    const cold = fresh.boot();
    cold.type('host -t mx example.test');
    cold.shell.signal('interrupt');
    const screen = await settled(cold);
    expect(screen.indexOf('mail is handled by')).toBeGreaterThan(-1);
    expect(screen.indexOf('^C')).toBeGreaterThan(screen.indexOf('mail is handled by'));
  });

  it('a misspelt name is not found at once (nothing to load), and an unknown /usr/bin path neither', () => {
    const cold = fresh.boot();
    expect(cold.type('digg mx example.test')).toBe('bash: digg: command not found\n');
    expect(cold.type('/usr/bin/digg x')).toBe('bash: /usr/bin/digg: No such file or directory\n');
    // printf is a bash builtin: no /usr/bin/printf on this laptop, whether loaded or not.
    expect(cold.type('/usr/bin/printf x')).toBe('bash: /usr/bin/printf: No such file or directory\n');
    expect(cold.shell.mode().program).toBe('shell');
  });

  it('a chunk that cannot be fetched is said on screen, and the shell goes on', async () => {
    vi.doMock('../../../src/workstation/commands/openssl.ts', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    vi.resetModules();
    const offline = await import('./harness.ts');
    const laptop = offline.boot();
    laptop.type('openssl s_client -connect mail.example.test:465 -crlf');
    laptop.shell.input('echo still here');
    const screen = await settled(laptop);
    expect(screen).toMatch(/bash: openssl: could not be loaded \(.*\); check the connection/);
    expect(screen).toMatch(/still here\n$/);
    vi.doUnmock('../../../src/workstation/commands/openssl.ts');
  });

  it('telnet to a server whose profile is still to load (Sendmail) waits for it, then greets as Sendmail', async () => {
    const registry = await import('../../../src/smtp/profiles/registry.ts');
    expect(registry.loadedProfile('sendmail')).toBeUndefined();
    const cold = fresh.boot();
    cold.type('telnet smtp.example.com 25');
    expect(cold.shell.mode().program).toBe('telnet');
    cold.shell.input('QUIT');
    await vi.waitFor(() => expect(cold.events.filter((e) => e.type === 'reply')).toHaveLength(2));
    const warm = boot();
    warm.type('telnet smtp.example.com 25');
    warm.type('QUIT');
    const codes = (l: typeof warm) => l.events.flatMap((e) => (e.type === 'reply' ? [e.reply.lines] : []));
    expect(codes(cold)).toEqual(codes(warm));
    expect(cold.screen()).toMatch(/^220 smtp\.example\.com ESMTP Sendmail/m);
    // Postfix needs nothing loaded: port 25 of mail.example.test answers at once (its 587 would wait).
    expect(fresh.boot().type('telnet mail.example.test 25')).toMatch(
      /^220 mail\.example\.test ESMTP Postfix/m,
    );
  });

  it('the profile registry knows which file holds each profile (libraries.ts against its exports)', async () => {
    const registry = await import('../../../src/smtp/profiles/registry.ts');
    const libraries = await import('../../../src/smtp/profiles/libraries.ts');
    const { profiles } = await import('../../../src/smtp/profiles/index.ts');
    const ids = Object.values(libraries)
      .filter((v) => typeof v === 'object' && v !== null && 'replies' in v)
      .map((p) => (p as { id: string }).id);
    expect(new Set(ids)).toEqual(registry.LIBRARY_PROFILES);
    // index.ts, once loaded, makes every profile available to the core.
    for (const id of Object.keys(profiles)) expect(registry.loadedProfile(id)).toBe(profiles[id]);
  });

  it('onDemandIn names the on-demand commands of command lines, path forms and pipelines included', () => {
    expect(
      table.onDemandIn([
        'telnet mail.example.test 25',
        "printf 'x' | nc -C host 25",
        '/usr/bin/dig +short mx example.test && host example.test',
        'EHLO openssl',
      ]),
    ).toEqual(['dig', 'host', 'nc', 'printf']);
  });
});
