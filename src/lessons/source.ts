// Reads a lesson file: splits the YAML front matter from the Markdown, parses the YAML keeping node positions,
// and turns a path in the data (steps.1.goal) into a line of the file, so every problem reads file:line.
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';

export type Path = readonly (string | number)[];

export interface Problem {
  file: string;
  line: number;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

export interface LessonSource {
  file: string;
  /** The front matter as plain data (undefined when it could not be parsed). */
  data: unknown;
  /** The Markdown after the front matter. */
  body: string;
  /** Line of the file where the body starts. */
  bodyLine: number;
  /** Line of a path in the data; the nearest existing parent when the path does not exist (a missing field). */
  lineOf(path: Path): number;
  problems: Problem[];
}

const FENCE = /^---[ \t]*$/;
/** YAML aliases a lesson may expand (it needs none; the yaml package's own default). */
const MAX_ALIAS_COUNT = 100;

export function readLessonSource(file: string, text: string): LessonSource {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: Problem[] = [];
  const noData: LessonSource = {
    file,
    data: undefined,
    body: lines.join('\n'),
    bodyLine: 1,
    lineOf: () => 1,
    problems,
  };
  if (!FENCE.test(lines[0] ?? '')) {
    problems.push({ file, line: 1, message: 'the file must start with YAML front matter: a line "---"' });
    return noData;
  }
  const end = lines.findIndex((l, i) => i > 0 && FENCE.test(l));
  if (end < 0) {
    problems.push({ file, line: 1, message: 'the front matter is not closed: add a line "---" after it' });
    return noData;
  }
  const yamlText = lines.slice(1, end).join('\n');
  // The YAML starts on the file's second line.
  const offset = 1;
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (pos: number) => lineCounter.linePos(pos).line + offset;
  // Only the first YAML error: the ones after it are usually the same mistake seen again.
  const first = doc.errors[0] ?? doc.warnings[0];
  if (first) {
    const message = first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    let line = at(first.pos[0]);
    if (/^Flow (sequence|mapping)/.test(message)) line = unclosedFlowLine(lines, line) ?? line;
    problems.push({ file, line, message: `YAML: ${message}` });
  }
  const base = {
    file,
    body: lines.slice(end + 1).join('\n'),
    bodyLine: end + 2,
    lineOf: (path: Path) => lineOfPath(doc, path, at),
    problems,
  };
  if (doc.errors.length > 0) return { ...base, data: undefined };
  try {
    // Aliases are counted as they expand: a "billion laughs" file stops here instead of filling the memory.
    return { ...base, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    problems.push({ file, line: 2, message: `YAML: ${message.split('\n')[0]}` });
    return { ...base, data: undefined };
  }
}

/**
 * YAML notices an unclosed [ or { where the next key begins; the author wants the line that opened it:
 * the nearest line above with more openers than closers.
 */
function unclosedFlowLine(lines: string[], reported: number): number | null {
  for (let n = reported; n >= 2; n--) {
    const text = lines[n - 1].replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, '');
    const open = (text.match(/[[{]/g) ?? []).length;
    const close = (text.match(/[\]}]/g) ?? []).length;
    if (open > close) return n;
  }
  return null;
}

function lineOfPath(doc: Document, path: Path, at: (pos: number) => number): number {
  let node: unknown = doc.contents;
  let line = node && hasRange(node) ? at(node.range[0]) : 1;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => scalarValue(p.key) === key);
      if (!pair) return line;
      // Point at the key: a block scalar's value starts on the next line.
      if (hasRange(pair.key)) line = at(pair.key.range[0]);
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      if (!item) return line;
      if (hasRange(item)) line = at(item.range[0]);
      node = item;
    } else return line;
  }
  return line;
}

function hasRange(node: unknown): node is { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

function scalarValue(node: unknown): unknown {
  return typeof node === 'object' && node !== null && 'value' in node
    ? (node as { value: unknown }).value
    : node;
}
