// Share links: what a teacher's link holds comes back the same, and anything else in a link is refused clearly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashQuery } from '../../../src/ui/routes.ts';
import {
  lessonLinesQuery,
  MAX_SHARED_LINES,
  readLessonLines,
  readSharedQuery,
  sharedQuery,
} from '../../../src/ui/shared-session.ts';

const known = { profiles: ['postfix', 'sendmail'], worlds: ['default'] };

describe('share links', () => {
  it('give back the lines as typed: Unicode, control keys, empty lines, quotes', () => {
    const lines = [
      'telnet mail.example.test 25',
      'EHLO x',
      'Subject: Grüße 👋',
      '',
      '"\\\'<b>',
      '\n^]',
      'quit',
    ];
    const query = sharedQuery({ profile: 'sendmail', world: 'default', lines }) ?? '';
    // Safe to put after "#/sandbox?" as it is: no characters a URL would need to escape again.
    expect(query).toMatch(/^[A-Za-z0-9=&._%-]+$/);
    expect(readSharedQuery(query, known)).toEqual({
      kind: 'session',
      session: { profile: 'sendmail', world: 'default', lines },
    });
  });

  it('any lines survive the trip (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 50 }), { maxLength: 30 }), (lines) => {
        const read = readSharedQuery(
          sharedQuery({ profile: 'postfix', world: 'default', lines }) ?? '',
          known,
        );
        expect(read).toEqual({ kind: 'session', session: { profile: 'postfix', world: 'default', lines } });
      }),
    );
  });

  it('makes no link for a session too long to replay whole', () => {
    const lines = Array.from({ length: MAX_SHARED_LINES + 1 }, (_, i) => `NOOP ${i}`);
    expect(sharedQuery({ profile: 'postfix', world: 'default', lines })).toBeNull();
    expect(sharedQuery({ profile: 'postfix', world: 'default', lines: lines.slice(1) })).not.toBeNull();
    expect(sharedQuery({ profile: 'postfix', world: 'default', lines: ['x'.repeat(2001)] })).toBeNull();
  });

  it('refuses what is not a session, and says why', () => {
    const lines = (encoded: string, profile = 'postfix') =>
      `profile=${profile}&world=default&lines=${encoded}`;
    const b64 = (text: string) => btoa(text).replace(/=+$/, '');
    expect(readSharedQuery('', known)).toEqual({ kind: 'none' });
    expect(readSharedQuery('profile=postfix', known)).toEqual({ kind: 'none' });
    expect(readSharedQuery(lines(b64('[]'), 'exim'), known)).toMatchObject({ reason: 'unknown-server' });
    expect(readSharedQuery(lines('!!!'), known)).toMatchObject({ reason: 'not-base64' });
    expect(readSharedQuery(lines(b64('{"a":1}')), known)).toMatchObject({ reason: 'not-a-session' });
    expect(readSharedQuery(lines(b64('[1,2]')), known)).toMatchObject({ reason: 'not-a-session' });
    expect(readSharedQuery(lines(b64('not json')), known)).toMatchObject({ reason: 'not-a-session' });
    expect(readSharedQuery(lines(b64(JSON.stringify(['x'.repeat(2001)]))), known)).toMatchObject({
      reason: 'not-a-session',
    });
    expect(readSharedQuery(lines('A'.repeat(500_000)), known)).toMatchObject({ reason: 'too-long' });
  });

  it('never throws on any query (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (a, b) => {
        const read = readSharedQuery(`profile=postfix&world=default&lines=${a}${b}`, known);
        expect(['session', 'unreadable']).toContain(read.kind);
      }),
    );
  });

  it('reads the query of a location hash', () => {
    expect(hashQuery('#/sandbox?profile=postfix&lines=x')).toBe('profile=postfix&lines=x');
    expect(hashQuery('#/sandbox')).toBe('');
  });
});

describe('lesson session links', () => {
  it('add the lines beside what the lesson page already has in its query, and give them back', () => {
    const typed = ['telnet mail.example.test 25', 'EHLO x', '\n^]', 'Subject: Grüße'];
    const query = lessonLinesQuery('src=https%3A%2F%2Fexample.org%2Fa.md', typed) ?? '';
    expect(new URLSearchParams(query).get('src')).toBe('https://example.org/a.md');
    expect(readLessonLines(query)).toEqual({
      read: { kind: 'lines', lines: typed },
      rest: 'src=https%3A%2F%2Fexample.org%2Fa.md',
    });
    // A link made from a link replaces its lines, never adds a second set.
    const again = lessonLinesQuery(query, ['QUIT']) ?? '';
    expect(new URLSearchParams(again).getAll('lines')).toHaveLength(1);
    expect(readLessonLines(again).read).toEqual({ kind: 'lines', lines: ['QUIT'] });
  });

  it('refuse a session too long for a link, and read a damaged one as unreadable', () => {
    expect(
      lessonLinesQuery(
        '',
        Array.from({ length: MAX_SHARED_LINES + 1 }, () => 'NOOP'),
      ),
    ).toBeNull();
    expect(readLessonLines('').read).toEqual({ kind: 'none' });
    expect(readLessonLines('lines=!!!').read).toMatchObject({ kind: 'unreadable', reason: 'not-base64' });
    expect(readLessonLines(`lines=${btoa('{"__proto__":1}').replace(/=+$/, '')}`).read).toMatchObject({
      reason: 'not-a-session',
    });
    expect(readLessonLines(`lines=${'A'.repeat(500_000)}`).read).toMatchObject({ reason: 'too-long' });
  });
});
