// The shell's grammar, a small bash subset: words with 'single', "double" and $'ANSI-C' quoting, backslashes,
// $VAR expansion, pipelines and the ; && || lists. Linear in the input, and it never throws.
import { interpretEscapes } from './escapes.ts';

export type Piece = { text: string; quoted: boolean } | { variable: string; quoted: boolean };
export type Word = Piece[];

export interface SimpleCommand {
  assignments: { name: string; value: Word }[];
  words: Word[];
}

export interface ListItem {
  /** How this pipeline is joined to the previous one (';' for the first). */
  op: ';' | '&&' | '||';
  pipeline: SimpleCommand[];
}

export type ParseResult =
  | { kind: 'ok'; list: ListItem[] }
  /** More input is needed (an open quote, a trailing backslash or |): bash shows its "> " prompt. */
  | { kind: 'incomplete' }
  /** The unexpected token, for "bash: syntax error near unexpected token `X'". */
  | { kind: 'syntax'; token: string }
  /** Shell syntax this simulation does not implement (redirections, command substitution, ...). */
  | { kind: 'unsupported'; construct: string };

type Token = { type: 'word'; word: Word } | { type: 'op'; op: string };

type Tokens = { kind: 'ok'; tokens: Token[] } | Exclude<ParseResult, { kind: 'ok' }>;

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_VARS = '?$#!@*-0123456789';

export function parse(source: string): ParseResult {
  const lexed = tokenize(source);
  if (lexed.kind !== 'ok') return lexed;
  const list: ListItem[] = [];
  let op: ListItem['op'] = ';';
  let pipeline: SimpleCommand[] = [];
  let command: SimpleCommand | null = null;
  let pendingConnector = false; // after | && ||: a command must follow
  const endPipeline = () => {
    if (pipeline.length > 0) list.push({ op, pipeline });
    pipeline = [];
  };
  for (const token of lexed.tokens) {
    if (token.type === 'word') {
      if (!command) {
        command = { assignments: [], words: [] };
        pipeline.push(command);
      }
      const assignment = command.words.length === 0 ? splitAssignment(token.word) : null;
      if (assignment) command.assignments.push(assignment);
      else command.words.push(token.word);
      pendingConnector = false;
      continue;
    }
    const t = token.op;
    if (t === '\n' && !command && (pipeline.length === 0 || pendingConnector)) continue;
    if (!command) return { kind: 'syntax', token: t === '\n' ? 'newline' : t };
    command = null;
    if (t === '|') {
      pendingConnector = true;
      continue;
    }
    endPipeline();
    if (t === '&&' || t === '||') {
      op = t;
      pendingConnector = true;
    } else {
      op = ';';
      pendingConnector = false;
    }
  }
  if (pendingConnector) return { kind: 'incomplete' };
  endPipeline();
  return { kind: 'ok', list };
}

function splitAssignment(word: Word): { name: string; value: Word } | null {
  const first = word[0];
  if (!first || !('text' in first) || first.quoted) return null;
  const eq = first.text.indexOf('=');
  if (eq <= 0) return null;
  const name = first.text.slice(0, eq);
  if (!NAME_START.test(name[0]) || ![...name].every((c) => NAME_CHAR.test(c))) return null;
  const rest = first.text.slice(eq + 1);
  return { name, value: [...(rest ? [{ text: rest, quoted: false }] : []), ...word.slice(1)] };
}

function tokenize(s: string): Tokens {
  const tokens: Token[] = [];
  let word: Word | null = null;
  const append = (text: string, quoted: boolean) => {
    word ??= [];
    const last = word[word.length - 1];
    if (last && 'text' in last && last.quoted === quoted) last.text += text;
    else word.push({ text, quoted });
  };
  const endWord = () => {
    if (word) tokens.push({ type: 'word', word });
    word = null;
  };
  const op = (o: string) => {
    endWord();
    tokens.push({ type: 'op', op: o });
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    const next = s[i + 1];
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === '\n' || c === ';') {
      if (c === ';' && next === ';') return { kind: 'syntax', token: ';;' };
      op(c);
      i++;
    } else if (c === '|' || c === '&') {
      if (next === c) {
        op(c + c);
        i += 2;
      } else if (c === '|') {
        op('|');
        i++;
      } else return { kind: 'unsupported', construct: '&' };
    } else if (c === '>' || c === '<') {
      return { kind: 'unsupported', construct: c };
    } else if (c === '(' || c === ')') {
      return word ? { kind: 'syntax', token: c } : { kind: 'unsupported', construct: c };
    } else if (c === '`') {
      return { kind: 'unsupported', construct: '`' };
    } else if (c === '#' && !word) {
      while (i < s.length && s[i] !== '\n') i++;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) return { kind: 'incomplete' };
      append(s.slice(i + 1, end), true);
      i = end + 1;
    } else if (c === '"') {
      const r = doubleQuoted(s, i + 1, (p) => {
        word ??= [];
        if ('text' in p) append(p.text, true);
        else word.push(p);
      });
      if (typeof r !== 'number') return r;
      word ??= [];
      if (word.length === 0) append('', true);
      i = r;
    } else if (c === '\\') {
      if (i + 1 >= s.length) return { kind: 'incomplete' };
      if (next !== '\n') append(next, true);
      i += 2;
    } else if (c === '$') {
      const r = dollar(s, i, false, (p) => {
        word ??= [];
        if ('text' in p) append(p.text, p.quoted);
        else word.push(p);
      });
      if (typeof r !== 'number') return r;
      i = r;
    } else if (c === '~' && !word && (next === undefined || next === '/' || next === ' ' || next === '\t')) {
      word = [{ variable: 'HOME', quoted: true }];
      i++;
    } else {
      // Copy a run of ordinary characters at once: keeps long pasted lines linear.
      let j = i + 1;
      while (j < s.length && !SPECIAL.has(s[j])) j++;
      append(s.slice(i, j), false);
      i = j;
    }
  }
  endWord();
  return { kind: 'ok', tokens };
}

const SPECIAL = new Set([' ', '\t', '\n', ';', '|', '&', '>', '<', '(', ')', '`', "'", '"', '\\', '$']);

/** Reads a "..." body from `start`; returns the index after the closing quote. */
function doubleQuoted(
  s: string,
  start: number,
  emit: (p: Piece) => void,
): number | Exclude<ParseResult, { kind: 'ok' }> {
  let i = start;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') return i + 1;
    if (c === '\\') {
      const n = s[i + 1];
      if (n === undefined) return { kind: 'incomplete' };
      // Inside double quotes a backslash only escapes $ ` " \ and newline (bash manual, "Double Quotes").
      if (n === '\n') {
        /* line continuation */
      } else if ('$`"\\'.includes(n)) emit({ text: n, quoted: true });
      else emit({ text: '\\' + n, quoted: true });
      i += 2;
    } else if (c === '$') {
      const r = dollar(s, i, true, emit);
      if (typeof r !== 'number') return r;
      i = r;
    } else if (c === '`') {
      return { kind: 'unsupported', construct: '`' };
    } else {
      let j = i + 1;
      while (j < s.length && s[j] !== '"' && s[j] !== '\\' && s[j] !== '$' && s[j] !== '`') j++;
      emit({ text: s.slice(i, j), quoted: true });
      i = j;
    }
  }
  return { kind: 'incomplete' };
}

/** A `$` at `i`: a variable, $'...', or a literal dollar sign. Returns the index after it. */
function dollar(
  s: string,
  i: number,
  inDouble: boolean,
  emit: (p: Piece) => void,
): number | Exclude<ParseResult, { kind: 'ok' }> {
  const n = s[i + 1];
  if (n === "'" && !inDouble) {
    let j = i + 2;
    while (j < s.length && s[j] !== "'") j += s[j] === '\\' ? 2 : 1;
    if (j >= s.length) return { kind: 'incomplete' };
    emit({ text: interpretEscapes(s.slice(i + 2, j), 'ansi-c').text, quoted: true });
    return j + 1;
  }
  if (n === '(') return { kind: 'unsupported', construct: '$(' };
  if (n === '{') {
    const end = s.indexOf('}', i + 2);
    if (end < 0) return { kind: 'incomplete' };
    emit({ variable: s.slice(i + 2, end), quoted: inDouble });
    return end + 1;
  }
  if (n !== undefined && SPECIAL_VARS.includes(n)) {
    emit({ variable: n, quoted: inDouble });
    return i + 2;
  }
  if (n !== undefined && NAME_START.test(n)) {
    let j = i + 2;
    while (j < s.length && NAME_CHAR.test(s[j])) j++;
    emit({ variable: s.slice(i + 1, j), quoted: inDouble });
    return j;
  }
  emit({ text: '$', quoted: inDouble });
  return i + 1;
}

/** Expands a word to fields: quoted text stays whole, unquoted variables are split on blanks. */
export function expandWord(word: Word, lookup: (name: string) => string): string[] {
  const fields: string[] = [];
  let current = '';
  let has = false;
  for (const piece of word) {
    if ('text' in piece) {
      current += piece.text;
      has ||= piece.quoted || piece.text !== '';
      continue;
    }
    const value = lookup(piece.variable);
    if (piece.quoted) {
      current += value;
      has = true;
      continue;
    }
    const parts = value.split(/[ \t\n]+/);
    parts.forEach((part, k) => {
      if (k > 0 && has) {
        fields.push(current);
        current = '';
        has = false;
      }
      current += part;
      has ||= part !== '';
    });
  }
  if (has) fields.push(current);
  return fields;
}

/** An assignment's value: no field splitting (bash does not split the right side of NAME=value). */
export function expandValue(word: Word, lookup: (name: string) => string): string {
  return word.map((p) => ('text' in p ? p.text : lookup(p.variable))).join('');
}
