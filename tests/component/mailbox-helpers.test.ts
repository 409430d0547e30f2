// The mailbox viewer's pure helpers, on messages delivered through the real SMTP core.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSrcdoc, cidUrlKey, FRAME_CSP, FRAME_SANDBOX } from '../../src/ui/mailbox/frame.ts';
import { envelopeReport, mailboxList, storedSegments } from '../../src/ui/mailbox/message.ts';
import { parseMime } from '../../src/ui/mailbox/mime.ts';
import { cleanHtml } from '../../src/ui/mailbox/sanitize.ts';
import { cidMessage, PNG, sendMail, testNetwork } from './mailbox-send.ts';

describe('stored segments: what the server added', () => {
  it('marks the mbox line and the four trace fields, and nothing the client sent', () => {
    const net = testNetwork();
    sendMail(net, {
      from: 'learner@client.test',
      to: ['alice@example.test'],
      data: 'From: Learner <learner@client.test>\nSubject: hi\n\nHello',
    });
    const segments = storedSegments(net.mailbox('alice@example.test')[0]);
    const added = segments.filter((s) => s.added).map((s) => s.added);
    expect(added).toEqual(['mboxFrom', 'return-path', 'x-original-to', 'delivered-to', 'received']);
    const client = segments.filter((s) => !s.added).map((s) => s.text);
    expect(client).toEqual(['From: Learner <learner@client.test>', 'Subject: hi', '\nHello']);
    // The folded Received field stays one segment, with its continuation lines.
    expect(segments.find((s) => s.added === 'received')?.text).toMatch(
      /^Received: from laptop\.client\.test .*\n\tby /,
    );
  });

  it('marks Message-Id, Date and From that Postfix adds for a local client', () => {
    const net = testNetwork();
    sendMail(net, {
      from: 'learner@client.test',
      to: ['alice@example.test'],
      data: 'Hi there',
      clientAddress: '127.0.0.1',
    });
    const segments = storedSegments(net.mailbox('alice@example.test')[0]);
    expect(segments.filter((s) => s.added).map((s) => s.added)).toEqual([
      'mboxFrom',
      'return-path',
      'x-original-to',
      'delivered-to',
      'received',
      'message-id',
      'date',
      'from',
      'empty-line',
    ]);
    expect(segments.find((s) => s.added === 'from')?.text).toBe('From: learner@client.test');
    expect(segments.at(-1)).toEqual({ text: 'Hi there', kind: 'body' });
  });

  it('marks the empty line the server put in where text followed the headers directly', () => {
    const net = testNetwork();
    sendMail(net, {
      from: 'learner@client.test',
      to: ['alice@example.test'],
      data: 'Subject: x\nhello there',
    });
    const segments = storedSegments(net.mailbox('alice@example.test')[0]).slice(5);
    expect(segments).toEqual([
      { text: 'Subject: x', added: undefined, kind: 'header' },
      { text: '', added: 'empty-line', kind: 'body' },
      { text: 'hello there', kind: 'body' },
    ]);
    // Not when the client wrote it.
    sendMail(net, { from: 'learner@client.test', to: ['bob@example.test'], data: 'Subject: x\n\nhello' });
    expect(storedSegments(net.mailbox('bob@example.test')[0]).map((s) => s.added)).not.toContain(
      'empty-line',
    );
  });

  it('marks a field the server respelled ("Subject : x" stored as "Subject: x"), and its From stays the client\'s', () => {
    const net = testNetwork();
    sendMail(net, {
      from: 'learner@client.test',
      to: ['alice@example.test'],
      data: 'Subject\t: hi\nFrom : Learner <learner@client.test>\nTo: alice@example.test\n\nSubject : body',
      clientAddress: '127.0.0.1',
    });
    const message = net.mailbox('alice@example.test')[0];
    const segments = storedSegments(message).slice(5);
    expect(segments.map((s) => [s.text.replace(/^(Message-Id|Date): .*/, '$1: …'), s.added])).toEqual([
      ['Subject: hi', 'respelled'],
      ['From: Learner <learner@client.test>', 'respelled'],
      ['To: alice@example.test', undefined],
      ['Message-Id: …', 'message-id'],
      ['Date: …', 'date'],
      ['\nSubject : body', undefined],
    ]);
    // The client wrote a From (however spelled): none added, none flagged as the server's.
    expect(envelopeReport(message).from).toMatchObject({
      value: 'Learner <learner@client.test>',
      added: false,
    });
  });

  it('marks the X-Mailbox-Line field Postfix made of a leading "From " line, and no empty line', () => {
    const net = testNetwork();
    sendMail(net, {
      from: 'learner@client.test',
      to: ['alice@example.test'],
      data: 'From me\nSubject: x\n\nhi',
    });
    const segments = storedSegments(net.mailbox('alice@example.test')[0]).slice(5);
    expect(segments.map((s) => [s.text, s.added])).toEqual([
      ['X-Mailbox-Line: From me', 'x-mailbox-line'],
      ['Subject: x', undefined],
      ['\nhi', undefined],
    ]);
  });

  it('does not mark trace headers the client wrote itself', () => {
    const net = testNetwork();
    sendMail(net, {
      from: 'learner@client.test',
      to: ['alice@example.test'],
      data: 'Received: from elsewhere by relay; Mon, 1 Jan 2026 00:00:00 +0000\nReturn-Path: <fake@example.test>\nSubject: x\n\nbody',
    });
    const segments = storedSegments(net.mailbox('alice@example.test')[0]);
    const received = segments.filter((s) => s.text.startsWith('Received:'));
    expect(received.map((s) => s.added)).toEqual(['received', undefined]);
    const returnPath = segments.filter((s) => s.text.startsWith('Return-Path:'));
    expect(returnPath.map((s) => [s.text, s.added])).toEqual([
      ['Return-Path: <learner@client.test>', 'return-path'],
      ['Return-Path: <fake@example.test>', undefined],
    ]);
  });
});

describe('envelope versus headers', () => {
  it('finds the Bcc recipient, the forged From, and the header-only recipient', () => {
    const net = testNetwork();
    sendMail(net, {
      from: 'learner@client.test',
      to: ['alice@example.test', 'bob@example.test'],
      data: 'From: "ceo@bank.test" <boss@evil.test>\nTo: Alice <alice@example.test>, carol@elsewhere.test\nSubject: pay\n\nnow',
    });
    const report = envelopeReport(net.mailbox('bob@example.test')[0]);
    expect(report.mailFrom).toBe('learner@client.test');
    expect(report.recipients).toEqual([
      { address: 'alice@example.test', thisCopy: false, headers: ['To'] },
      { address: 'bob@example.test', thisCopy: true, headers: [] },
    ]);
    expect(report.fromDiffers).toBe(true);
    expect(report.displayNameSpoof).toEqual({ name: 'ceo@bank.test', address: 'boss@evil.test' });
    expect(report.headerOnly).toEqual([{ header: 'To', address: 'carol@elsewhere.test' }]);
  });

  it('does not flag a From that matches the envelope sender, whatever the case', () => {
    const net = testNetwork();
    sendMail(net, {
      from: 'Learner@Client.test',
      to: ['alice@example.test'],
      data: 'From: Learner <learner@client.test>\nCc: alice@example.test\n\nx',
    });
    const report = envelopeReport(net.mailbox('alice@example.test')[0]);
    expect(report.fromDiffers).toBe(false);
    expect(report.displayNameSpoof).toBeNull();
    expect(report.recipients[0].headers).toEqual(['Cc']);
  });

  it('sees the From that the server added as added, and never as a forgery', () => {
    const net = testNetwork();
    sendMail(net, {
      from: 'learner@client.test',
      to: ['alice@example.test'],
      data: 'just text',
      clientAddress: '127.0.0.1',
    });
    const report = envelopeReport(net.mailbox('alice@example.test')[0]);
    expect(report.from).toMatchObject({ value: 'learner@client.test', added: true });
    expect(report.fromDiffers).toBe(false);
    expect(report.recipientHeaders).toEqual([]);
  });

  it('does not call a bounce (null sender) forged', () => {
    const net = testNetwork();
    sendMail(net, {
      from: '',
      to: ['alice@example.test'],
      data: 'From: MAILER-DAEMON@elsewhere.test\n\nbounce',
    });
    const report = envelopeReport(net.mailbox('alice@example.test')[0]);
    expect(report.mailFrom).toBe('');
    expect(report.fromDiffers).toBe(false);
  });
});

describe('mailbox list', () => {
  it('lists mailboxes by address with the newest message first', () => {
    const net = testNetwork();
    sendMail(net, { from: 'a@client.test', to: ['bob@example.test'], data: 'Subject: first\n\n1' });
    sendMail(net, {
      from: 'a@client.test',
      to: ['bob@example.test', 'alice@example.test'],
      data: 'Subject: second\n\n2',
    });
    const list = mailboxList(net.allMailboxes());
    expect(list.map((b) => b.address)).toEqual(['alice@example.test', 'bob@example.test']);
    expect(list[1].messages.map((m) => [m.subject, m.index])).toEqual([
      ['second', 1],
      ['first', 0],
    ]);
  });
});

describe('MIME parsing', () => {
  it('reads a multipart message with a cid: image into text, HTML and an inline image', async () => {
    const parsed = await parseMime(cidMessage);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.text).toContain("She's so cute!");
    expect(parsed.html).toContain('src="cid:1234567890"');
    expect(parsed.attachments).toEqual([
      {
        name: 'cortana-the-cat.png',
        mimeType: 'image/png',
        size: 70,
        inline: true,
        contentId: '<1234567890>',
        text: null,
      },
    ]);
    expect(parsed.images.get('1234567890')).toBe(`data:image/png;base64,${PNG}`);
  });

  it('does not throw on Unicode, and reports MIME it cannot read', async () => {
    const unicode = await parseMime('Subject: =?UTF-8?B?8J+YgA==?= ünï עברית\n\n😀 \uD800 body');
    expect(unicode).toMatchObject({ ok: true, subject: '😀 ünï עברית' });
    let deep = 'Content-Type: multipart/mixed; boundary=b0\n\n';
    for (let i = 1; i < 100; i++) deep += `--b${i - 1}\nContent-Type: multipart/mixed; boundary=b${i}\n\n`;
    expect(await parseMime(deep)).toMatchObject({ ok: false });
  });
});

describe('frame isolation', () => {
  it('has an empty sandbox and a CSP that forbids scripts and every fetch but data:/cid: images', () => {
    expect(FRAME_SANDBOX).toBe('');
    const directives = Object.fromEntries(
      FRAME_CSP.split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['img-src']).toEqual(['data:', 'cid:']);
    expect(directives['style-src']).toEqual(["'unsafe-inline'"]);
    expect(directives['script-src']).toBeUndefined();
  });

  it('puts the CSP meta before anything of the message, even a message that starts with its own head', () => {
    const hostile =
      '<html><head><link rel=stylesheet href="http://127.0.0.1:1/x.css"><meta http-equiv="refresh" content="0;url=http://127.0.0.1:1/"></head><body>hi</body></html>';
    const doc = new DOMParser().parseFromString(buildSrcdoc(hostile), 'text/html');
    const first = doc.head.firstElementChild;
    expect(first?.getAttribute('http-equiv')).toBe('Content-Security-Policy');
    expect(first?.getAttribute('content')).toBe(FRAME_CSP);
    expect(doc.body.textContent).toBe('hi');
  });

  it('reads cid: URLs as RFC 2392 says', () => {
    expect(cidUrlKey('cid:Part1.ABC%40example.test')).toBe('part1.abc@example.test');
    expect(cidUrlKey('CID:<x>')).toBe('x');
    expect(cidUrlKey('http://x/')).toBeNull();
  });
});

describe('HTML clean-up (second layer)', () => {
  const payload = [
    '<title>Original</title><base href="http://127.0.0.1:1/">',
    '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:1/r">',
    '<link rel="stylesheet" href="http://127.0.0.1:1/x.css">',
    '<style>@import "http://127.0.0.1:1/i.css"; body{background:url(http://127.0.0.1:1/y)}</style>',
    '<script>window.top.__pwned=1</script>',
    '<img src=x onerror="parent.__pwned=2"><svg onload="parent.__pwned=3"><script>top.__pwned=4</script></svg>',
    '<iframe src="javascript:parent.__pwned=5"></iframe><object data="http://127.0.0.1:1/o"></object>',
    '<a href="java\tscript:top.__pwned=6">click</a><a href="https://example.test/">ok</a>',
    '<form action="http://127.0.0.1:1/steal" method="post"><input name="q"></form>',
    '<img src="cid:1234567890" alt="cat"><p style="background:url(\'http://127.0.0.1:1/z\')">text</p>',
  ].join('');

  it('removes scripts, handlers, frames, refreshes and remote fetches, and counts them', () => {
    const images = new Map([['1234567890', `data:image/png;base64,${PNG}`]]);
    const { html, blocked } = cleanHtml(payload, images);
    expect(html).not.toMatch(
      /<script|onerror|onload|javascript:|<iframe|<object|<base|<meta|<link|127\.0\.0\.1|action=/i,
    );
    expect(blocked).toEqual({
      scripts: 2,
      handlers: 2,
      scriptUrls: 1,
      frames: 2,
      meta: 2,
      remote: 5,
      forms: 1,
      other: 0,
    });
    const doc = new DOMParser().parseFromString(html, 'text/html');
    expect(doc.title).toBe('Original');
    expect(doc.querySelector('img[alt=cat]')?.getAttribute('src')).toBe(`data:image/png;base64,${PNG}`);
    const link = doc.querySelector('a[href^="https:"]');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
  });
});

describe('source rules', () => {
  it('no mailbox component uses {@html} or innerHTML (message HTML only ever goes into the sandboxed srcdoc)', () => {
    // vitest runs from the project root (jsdom's URL cannot read file: URLs).
    const dir = join(process.cwd(), 'src/ui/mailbox/');
    const sources = readdirSync(dir).filter((f) => /\.(svelte|ts)$/.test(f));
    expect(sources).toContain('RenderedView.svelte');
    for (const file of sources) {
      const code = readFileSync(`${dir}${file}`, 'utf8').replace(
        /<!--[\s\S]*?-->|\/\/.*$|\/\*[\s\S]*?\*\//gm,
        '',
      );
      expect(code, file).not.toMatch(/\{@html|innerHTML|outerHTML\s*=|insertAdjacentHTML|document\.write/);
    }
  });
});
