// The small header reader behind the delivered-message goals.
import { describe, expect, it } from 'vitest';
import {
  addressesOf,
  hasHeader,
  headerValues,
  mediaType,
  mediaTypeMatches,
  parseMessage,
} from '../../../src/lessons/engine/message.ts';

describe('parseMessage', () => {
  it('splits headers from the body at the first empty line and unfolds continuations', () => {
    const m = parseMessage('Subject: a\n\tlong subject\nTo: x@y\n\nbody line\n\nmore');
    expect(m.headers).toEqual([
      { name: 'Subject', value: 'a long subject' },
      { name: 'To', value: 'x@y' },
    ]);
    expect(m.body).toBe('body line\n\nmore');
  });

  it('a first line that is not a header field starts the body', () => {
    const m = parseMessage('Hello Alice,\nthis has no headers');
    expect(m.headers).toEqual([]);
    expect(m.body).toBe('Hello Alice,\nthis has no headers');
  });

  it('header names compare case-insensitively', () => {
    const m = parseMessage('message-id: <1@x>\n\nb');
    expect(hasHeader(m, 'Message-ID')).toBe(true);
    expect(headerValues(m, 'MESSAGE-ID')).toEqual(['<1@x>']);
    expect(hasHeader(m, 'Date')).toBe(false);
  });
});

describe('addressesOf', () => {
  it.each([
    ['alice@example.test', ['alice@example.test']],
    ['Alice <Alice@Example.TEST>', ['alice@example.test']],
    ['"Doe, John" <jdoe@example.com>, bob@example.test (Bob)', ['jdoe@example.com', 'bob@example.test']],
    ['Friends: a@x.test, b@y.test;', ['a@x.test', 'b@y.test']],
    ['undisclosed-recipients:;', []],
  ])('%s', (value, expected) => {
    expect(addressesOf(value)).toEqual(expected);
  });
});

describe('mediaType', () => {
  it('is text/plain without a Content-Type (RFC 2045 §5.2)', () => {
    expect(mediaType(parseMessage('Subject: x\n\ny'))).toBe('text/plain');
  });

  it('drops parameters and lower-cases', () => {
    expect(mediaType(parseMessage('Content-Type: Text/HTML; charset=utf-8\n\n<p>'))).toBe('text/html');
  });

  it('matches exactly or by multipart/*', () => {
    expect(mediaTypeMatches('multipart/mixed', 'multipart/*')).toBe(true);
    expect(mediaTypeMatches('multipart/mixed', 'Multipart/Mixed')).toBe(true);
    expect(mediaTypeMatches('text/plain', 'multipart/*')).toBe(false);
    expect(mediaTypeMatches('text/plain', 'text/html')).toBe(false);
  });
});
