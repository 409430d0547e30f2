// The reply catalog and the profiles agree: every reply any profile can send has an explanation, every
// profile has a template for every reply, and the templates are well-formed SMTP replies.
import { describe, expect, it } from 'vitest';
import { explainReply, REPLY_CATALOG } from '../../../src/smtp/catalog.ts';
import { profiles } from '../../../src/smtp/profiles/index.ts';
import { buildReply, formatReply } from '../../../src/smtp/reply.ts';
import type { ReplyId } from '../../../src/smtp/types.ts';

const ids = Object.keys(REPLY_CATALOG) as ReplyId[];
/** The placeholders the session fills in (see ReplyTemplate in profiles/types.ts). */
const PLACEHOLDERS = new Set([
  'host',
  'domain',
  'helo',
  'ip',
  'address',
  'raw',
  'arg',
  'param',
  'name',
  'value',
  'queueId',
  'bytes',
  'maxSize',
  'date',
  'fullDate',
  'line',
  'verb',
  'reason',
  'domain',
]);

describe('reply catalog', () => {
  it('explains every reply in plain words, with its source and a next step', () => {
    expect(ids.length).toBeGreaterThan(90);
    for (const id of ids) {
      const entry = REPLY_CATALOG[id];
      expect(entry.meaning.length, id).toBeGreaterThan(10);
      expect(entry.rfc.length, id).toBeGreaterThan(3);
      expect(entry.next.length, id).toBeGreaterThan(3);
    }
  });

  for (const [name, profile] of Object.entries(profiles)) {
    describe(`profile ${name}`, () => {
      it('is registered under its own id', () => expect(profile.id).toBe(name));

      it('has a template for every reply in the catalog, and no reply the catalog lacks', () => {
        expect(Object.keys(profile.replies).sort()).toEqual([...ids].sort());
      });

      it('has well-formed templates', () => {
        for (const id of ids) {
          const t = profile.replies[id];
          expect(t.code, id).toBeGreaterThanOrEqual(200);
          expect(t.code, id).toBeLessThan(600);
          // RFC 3463 section 2: the class of the enhanced code is the class of the reply code.
          if (t.enhanced) expect(`${t.enhanced[0]}`, id).toBe(String(t.code)[0]);
          if (t.enhanced) expect(t.enhanced, id).toMatch(/^[245]\.\d{1,3}\.\d{1,3}$/);
          const texts = Array.isArray(t.text) ? t.text : [t.text];
          for (const text of texts) {
            for (const [, placeholder] of text.matchAll(/\{(\w+)\}/g))
              expect(PLACEHOLDERS.has(placeholder), `${id}: {${placeholder}}`).toBe(true);
            expect(text, id).not.toMatch(/[\r\n]/);
          }
        }
      });

      it('never puts an enhanced code on the greeting, HELO or EHLO reply', () => {
        for (const id of ['greeting', 'helo.ok', 'ehlo.ok', 'helo.syntax', 'ehlo.syntax'] as const)
          expect(profile.replies[id].enhanced, id).toBeUndefined();
      });

      it('uses the RFC 5321 codes where the meaning is fixed', () => {
        expect(profile.replies.greeting.code).toBe(220);
        expect(profile.replies['data.go'].code).toBe(354);
        expect(profile.replies['quit.ok'].code).toBe(221);
        expect(profile.replies['auth.challenge'].code).toBe(334);
        expect(profile.replies['auth.ok'].code).toBe(235);
        expect(Math.floor(profile.replies['command.unknown'].code / 100)).toBe(5);
      });

      it('formats every reply as SMTP wire text', () => {
        for (const id of ids) {
          const reply = buildReply(profile, id, { host: 'h.example', arg: 'x', address: 'a@b' });
          const wire = formatReply(reply);
          expect(wire.endsWith('\r\n'), id).toBe(true);
          for (const line of wire.slice(0, -2).split('\r\n')) expect(line, id).toMatch(/^\d{3}[ -]/);
          expect(explainReply(reply).meaning).toBe(REPLY_CATALOG[id].meaning);
        }
      });
    });
  }
});

describe('explainReply', () => {
  it('reads the class, the category and the enhanced code', () => {
    const reply = buildReply(profiles.postfix, 'rcpt.unknownUser', { address: 'nobody@example.test' });
    const e = explainReply(reply, 'mail');
    expect(e.code).toBe(550);
    expect(e.classMeaning).toMatch(/^5xx/);
    expect(e.categoryMeaning).toMatch(/^x5x/);
    expect(e.enhancedMeaning).toBe(
      '5.1.1: addressing status, bad destination mailbox address (no such user).',
    );
    expect(e.phase).toMatch(/RCPT/);
  });

  it('has no enhanced meaning when the profile sends no enhanced codes', () => {
    const reply = buildReply(profiles.sendmail, 'rcpt.unknownUser', { raw: '<nobody@example.com>' });
    expect(explainReply(reply).enhancedMeaning).toBeNull();
  });
});
