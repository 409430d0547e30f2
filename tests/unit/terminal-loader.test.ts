// Keys pressed before xterm has loaded are recorded as the bytes xterm itself would have sent for them.
import { describe, expect, it } from 'vitest';
import { keyData } from '../../src/ui/terminal-loader.ts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {}) =>
  keyData({ key: k, ctrlKey: false, altKey: false, metaKey: false, ...mods });

describe('keyData', () => {
  it('printable keys, including non-BMP characters, are sent as typed', () => {
    expect(key('E')).toBe('E');
    expect(key(' ')).toBe(' ');
    expect(key('é')).toBe('é');
    expect(key('😀')).toBe('😀');
  });

  it('editing and cursor keys are VT sequences', () => {
    expect(key('Enter')).toBe('\r');
    expect(key('Backspace')).toBe('\x7f');
    expect(key('ArrowUp')).toBe('\x1b[A');
    expect(key('ArrowLeft')).toBe('\x1b[D');
  });

  it('Ctrl+letter is a C0 control; Ctrl+] is telnet escape', () => {
    expect(key('c', { ctrlKey: true })).toBe('\x03');
    expect(key('D', { ctrlKey: true })).toBe('\x04');
    expect(key(']', { ctrlKey: true })).toBe('\x1d');
  });

  it('keys the terminal leaves to the browser are not taken', () => {
    expect(key('Tab')).toBeUndefined();
    expect(key('F5')).toBeUndefined();
    expect(key('Shift')).toBeUndefined();
    expect(key('r', { metaKey: true })).toBeUndefined();
    expect(key('1', { ctrlKey: true })).toBeUndefined();
    expect(key('x', { altKey: true })).toBeUndefined();
  });
});
