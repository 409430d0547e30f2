// `npm run size [dist]`: the gzip bytes a browser downloads, read from a build's Vite manifest. Two budgets:
// - before first paint: what every page (and the widget) loads before its text can show; the terminal (xterm)
//   loads after that paint (src/ui/terminal-loader.ts), so it is not part of it;
// - the whole one-lesson widget: <smtp-lab lesson="..."> with the heaviest lesson, terminal included (what it
//   loads without being used: its lab and what its own lines need ahead, src/lessons/preload.ts; the commands,
//   server profiles, mailbox viewer and reply catalog it does not use load when first typed or opened).
// Prints a table of both and exits non-zero when one is over.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { compileLesson, FOLDER_PATTERN } from '../src/lessons/compile.ts';
import {
  lessonCommands,
  lessonMessageChecks,
  lessonProfiles,
  lessonReports,
} from '../src/lessons/preload.ts';
import { LIBRARY_PROFILES } from '../src/smtp/profiles/registry.ts';
import { findProfile } from '../src/smtp/profiles/index.ts';
import { buildWorld } from '../src/lessons/engine/world.ts';

/**
 * kB of 1000 bytes, as Vite reports them. Goal met: every page paints its text with at most 100 kB gzip. A lesson
 * page (app, widget, embed.html) is ~47 kB: its lab (the SMTP core, the shell, the engine) is built after the text
 * has painted (src/ui/lesson/lesson-lab.ts); the worst page is the sandbox (~97 kB), whose terminal is its text.
 */
export const FIRST_PAINT_BUDGET_KB = 100;
export const FIRST_PAINT_GOAL_KB = 100;
/**
 * The goal is 165 kB and it is NOT reached. Each lesson counts what it loads ahead (src/lessons/preload.ts: the
 * commands and server profiles its own lines use, mail travel for `world.travel`, the report writer where its mail
 * brings reports, the message checks where its goals read them) and what playing its solutions
 * asks of its world (lessonLoads: the signing code, the checks, the list manager). Until 2026-12-06 the count
 * missed that second part, and lesson 7 (forgery) was 11.8 kB heavier than reported; the default world also made
 * its DKIM keys at start, so every lesson loaded 6.6 kB of signing code it never used (now made on first need).
 * xterm with its fit addon (78.8, its private member names shortened: scripts/mangle-xterm-privates.ts) and the
 * Svelte runtime (16.6, without the form bindings only the sandbox and the classroom tools load) are 95.4 kB that
 * no lesson can do without. A lesson's UI leaves out what it does not
 * show ahead: the site's and the sandbox's strings, the reply explanation, the notes, the steps list's strings
 * (loaded when first shown).
 * Until the goal is met this ceiling is the measured worst rounded up: lower it as the bundle shrinks, raise it
 * only in a commit that says what the bytes buy.
 */
// 204.61 measured (forgery); connect 169.01, after xterm's private member names were shortened (-4.55 kB), the
// lab's views joined the lab's chunk and the outcome panel the lesson engine's (-0.85), the components'
// stylesheets were minified (scripts/minify-svelte-css.ts, -0.5) and the core's classes made their members
// #private (-1.1); the stored copy learnt Postfix's header respelling and the tab stops (+0.63), and the lesson
// engine six more natural slips to explain (a path without angle brackets, a laptop command typed to the
// server, a dot not doubled, an AUTH PLAIN string decoded, telnet to a domain that has only MX records, an ESMTP
// parameter with spaces around =: +0.9), which took it over 204.
export const WHOLE_LESSON_BUDGET_KB = 205;
export const WHOLE_LESSON_GOAL_KB = 165;

/** One entry of .vite/manifest.json (build.manifest: true); keys are source ids or "_name-hash.js". */
export interface ManifestChunk {
  file: string;
  name?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

export const EMBED_ENTRY = 'src/embed.ts';
export const MAIN_ENTRY = 'index.html';
export const FRAME_ENTRY = 'embed.html';
/** The chunk holding xterm.js, which the terminal pane imports once the text has painted. */
export const TERMINAL_KEY = 'src/ui/xterm-runtime.ts';
/** The chunk the lesson page imports once its text has painted: the lesson engine's, which holds its lab's loader
 * (src/ui/lesson/lesson-lab.ts) and the panels under the terminal (below-terminal.ts), and imports the lab. */
export const LESSON_ENGINE_NAME = 'lesson-engine';
/** The chunks the pages import dynamically for a lesson and for the sandbox (found by name). */
export const LESSON_PAGE_NAME = 'LessonPage';
export const SANDBOX_NAME = 'Sandbox';
export const LESSONS_INDEX_NAME = 'LessonsIndex';
export const HOME_NAME = 'Home';
/** The runtime lesson compiler (YAML, zod, the checks), loaded only by pages that take a lesson from outside. */
export const LESSON_COMPILER = 'src/lessons/outside.ts';
/** Keys of the per-lesson chunks made by src/lessons/vite-plugin.ts. */
export const LESSON_KEY_PREFIX = 'virtual:lessons/';

/**
 * The chunk of a server profile other than Postfix, named after its file (src/smtp/profiles/registry.ts loads it
 * on demand; the sandbox imports it too, so it has no manifest key of its own): found among the lab's dynamic
 * imports by measure().
 */
export const profileKey = (id: string): string =>
  `${CHUNK_NAMED}${LIBRARY_PROFILES.has(id) ? 'libraries' : 'others'}`;
const CHUNK_NAMED = 'chunk named ';
/** Mail travel (the queue, the relay client), loaded at start by a lesson with `world.travel`. */
export const TRAVEL_KEY = 'src/smtp/travel/index.ts';
/** The delivery report writer, loaded at start by a lesson whose mail brings reports (lessonReports). */
export const REPORTS_KEY = 'src/smtp/dsn.ts';
/** The lesson engine's message checks, loaded at start by a lesson whose goals use them (lessonMessageChecks);
 * the lesson compiler imports them too, so their chunk is found by name as a profile's is. */
export const MESSAGE_CHECKS_KEY = `${CHUNK_NAMED}message-checks`;
/** The chunk of an on-demand command (src/workstation/commands/index.ts imports each module by its name, the
 * queue's three commands from queue.ts, netcat from nc.ts, the small tools from tools.ts; help is help.ts). */
export const commandKey = (name: string): string => `src/workstation/commands/${MODULE_OF[name] ?? name}.ts`;
const MODULE_OF: Record<string, string> = {
  sleep: 'queue',
  mailq: 'queue',
  postqueue: 'queue',
  netcat: 'nc',
  ...Object.fromEntries(
    ['base64', 'cat', 'history', 'whoami', 'id', 'hostname', 'pwd', 'cd', 'ls'].map((n) => [n, 'tools']),
  ),
};

/**
 * The on-demand chunks each course lesson fetches ahead (src/lessons/preload.ts, the same functions the lesson
 * page calls): slug -> manifest keys. Read from the lessons' sources, compiled as the build compiles them.
 */
export function lessonPreloads(lessonsDir = resolve('lessons')): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const folder of readdirSync(lessonsDir)) {
    const match = FOLDER_PATTERN.exec(folder);
    const file = join(lessonsDir, folder, 'index.md');
    if (!match || !existsSync(file)) continue;
    const { lesson } = compileLesson(file, folder, readFileSync(file, 'utf8'));
    if (!lesson) continue;
    const profiles = lessonProfiles(lesson, buildWorld(lesson.world)).map(profileKey);
    // A lesson whose mail travels loads the queue and relay client at start (src/lessons/run.ts).
    const travel = lesson.world.travel ? [TRAVEL_KEY] : [];
    const reports = lessonReports(lesson) ? [REPORTS_KEY] : [];
    const checks = lessonMessageChecks(lesson) ? [MESSAGE_CHECKS_KEY] : [];
    out[lesson.slug] = [
      ...new Set([...lessonCommands(lesson).map(commandKey), ...profiles, ...travel, ...reports, ...checks]),
    ];
  }
  return out;
}

/** The signing code: the world's DKIM keys, made on first need (Network.dkimKeys), with DKIM itself. */
export const SIGNERS_KEY = 'src/smtp/auth/world.ts';
/** SPF, DKIM and DMARC checks, loaded at start in a world where a host checks (src/smtp/auth-loader.ts). */
export const CHECKS_KEY = 'src/smtp/auth/receiver.ts';
/** The list manager, loaded when a list address receives mail. */
export const LISTS_KEY = 'src/smtp/lists.ts';

/**
 * What each course lesson loads of its world's on-demand parts when played as written: its solutions are typed
 * into the lesson runtime (src/lessons/replay.ts), and the chunks are counted whose work the play asked for —
 * the signing code once something needed the world's DKIM keys (a signature, a check, a dig of a key), the checks
 * where a host checks, the list manager where a list received mail. Merged with lessonPreloads().
 */
export async function lessonLoads(lessonsDir = resolve('lessons')): Promise<Record<string, string[]>> {
  const { loadCourse } = await import('../src/lessons/course.ts');
  const { loadEverything, playSolutions } = await import('../src/lessons/replay.ts');
  await loadEverything();
  const out = lessonPreloads(lessonsDir);
  for (const lesson of loadCourse(lessonsDir).lessons) {
    const { run, events } = await playSolutions(lesson);
    const world = buildWorld(lesson.world);
    const checks = world.hosts.some((h) => h.services.some((s) => findProfile(s.profile)?.policy.authChecks));
    const listAddresses = world.hosts.flatMap((h) =>
      (h.lists ?? []).flatMap((l) => h.domains.map((d) => `${l.name}@${d}`.toLowerCase())),
    );
    const lists = events.some(
      (e) => e.type === 'delivered' && listAddresses.includes(e.message.mailbox.toLowerCase()),
    );
    const network = run.network;
    out[lesson.slug] = [
      ...(out[lesson.slug] ?? []),
      ...(network.keysRequested ? [SIGNERS_KEY] : []),
      ...(checks ? [CHECKS_KEY] : []),
      ...(lists ? [LISTS_KEY] : []),
    ];
  }
  return out;
}

/** The manifest keys a page loads for these chunks: each one and everything it imports statically. */
export function staticClosure(manifest: Manifest, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest has no chunk "${key}"`);
    seen.add(key);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  roots.forEach(visit);
  return [...seen];
}

/** Output files (JS, then the CSS the chunks pull in), each once. */
export function filesOf(manifest: Manifest, keys: readonly string[]): string[] {
  const files = new Set<string>();
  for (const key of keys) files.add(manifest[key].file);
  for (const key of keys) for (const css of manifest[key].css ?? []) files.add(css);
  return [...files];
}

/** The chunk of this name that `from` (or a chunk it imports statically) imports dynamically. */
export function dynamicKey(manifest: Manifest, from: string, name: string): string {
  const dynamic = staticClosure(manifest, [from]).flatMap((k) => manifest[k].dynamicImports ?? []);
  const key = dynamic.find((k) => manifest[k]?.name === name);
  if (!key) throw new Error(`${from} does not import a "${name}" chunk dynamically`);
  return key;
}

/** The lesson page chunk the embed entry imports dynamically. */
export function lessonPageKey(manifest: Manifest): string {
  return dynamicKey(manifest, EMBED_ENTRY, LESSON_PAGE_NAME);
}

export function lessonSlugs(manifest: Manifest): string[] {
  return Object.keys(manifest)
    .filter((k) => k.startsWith(LESSON_KEY_PREFIX))
    .map((k) => k.slice(LESSON_KEY_PREFIX.length))
    .sort();
}

/** Everything a page holding one <smtp-lab lesson="slug"> downloads before the lesson's text shows. */
export function embedLessonKeys(manifest: Manifest, slug: string): string[] {
  return staticClosure(manifest, [EMBED_ENTRY, lessonPageKey(manifest), LESSON_KEY_PREFIX + slug]);
}

export interface FileSize {
  file: string;
  bytes: number;
  gzip: number;
}
export interface Scenario {
  name: string;
  files: FileSize[];
  bytes: number;
  gzip: number;
}

/** Each file is gzipped on its own, as a server sends it. */
export function sizeOf(dist: string, file: string): FileSize {
  const data = readFileSync(join(dist, file));
  return { file, bytes: data.length, gzip: gzipSync(data, { level: 9 }).length };
}

function scenario(dist: string, name: string, files: readonly string[]): Scenario {
  const sizes = [...new Set(files)].map((f) => sizeOf(dist, f));
  return {
    name,
    files: sizes,
    bytes: sizes.reduce((s, f) => s + f.bytes, 0),
    gzip: sizes.reduce((s, f) => s + f.gzip, 0),
  };
}

const heaviest = (list: readonly Scenario[]): Scenario => list.reduce((a, b) => (b.gzip > a.gzip ? b : a));

export interface Report {
  /** Before first paint, one per page: the start page, the lesson index, the sandbox and the heaviest lesson,
   * in index.html, as the <smtp-lab> widget and in embed.html. */
  firstPaint: Scenario[];
  /** The widget with each lesson, terminal included. */
  wholeLessons: Scenario[];
  /** The heaviest of firstPaint, and of wholeLessons: what the budgets apply to. */
  worstFirstPaint: Scenario;
  worstWhole: Scenario;
  /** What the runtime lesson compiler adds to a lesson widget (a lesson from outside): its chunks not already there. */
  lessonCompiler: Scenario;
}

export function readManifest(dist: string): Manifest {
  const path = join(dist, '.vite', 'manifest.json');
  if (!existsSync(path))
    throw new Error(`${path} not found: run \`vite build\` (build.manifest must be true)`);
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

export function measure(dist: string, preloads: Record<string, string[]> = lessonPreloads()): Report {
  const manifest = readManifest(dist);
  const slugs = lessonSlugs(manifest);
  if (slugs.length === 0) throw new Error('the manifest lists no lesson chunks');
  const labKey = dynamicKey(manifest, lessonPageKey(manifest), LESSON_ENGINE_NAME);
  // Every chunk a lesson loads after its text has painted without being asked: xterm, the lab, the panels.
  const afterPaint = staticClosure(manifest, [TERMINAL_KEY, labKey]);
  const page = (name: string, html: string | null, roots: string[]): Scenario =>
    scenario(dist, name, [...(html ? [html] : []), ...filesOf(manifest, staticClosure(manifest, roots))]);

  const perLesson = (name: string, html: string | null, entry: string) => {
    const lessonPage = dynamicKey(manifest, entry, LESSON_PAGE_NAME);
    return slugs.map((slug) =>
      page(`${name} lesson ${slug}`, html, [entry, lessonPage, LESSON_KEY_PREFIX + slug]),
    );
  };
  const widgetLessons = perLesson('widget', null, EMBED_ENTRY);
  const firstPaint = [
    page('index.html #/', MAIN_ENTRY, [MAIN_ENTRY, dynamicKey(manifest, MAIN_ENTRY, HOME_NAME)]),
    page('index.html #/lessons', MAIN_ENTRY, [
      MAIN_ENTRY,
      dynamicKey(manifest, MAIN_ENTRY, LESSONS_INDEX_NAME),
    ]),
    page('index.html #/sandbox', MAIN_ENTRY, [MAIN_ENTRY, dynamicKey(manifest, MAIN_ENTRY, SANDBOX_NAME)]),
    heaviest(perLesson('index.html #/lessons/', MAIN_ENTRY, MAIN_ENTRY)),
    page('widget sandbox', null, [EMBED_ENTRY, dynamicKey(manifest, EMBED_ENTRY, SANDBOX_NAME)]),
    heaviest(widgetLessons),
    page('embed.html sandbox', FRAME_ENTRY, [FRAME_ENTRY, dynamicKey(manifest, FRAME_ENTRY, SANDBOX_NAME)]),
    heaviest(perLesson('embed.html', FRAME_ENTRY, FRAME_ENTRY)),
  ];
  const wholeLessons = slugs.map((slug) =>
    scenario(dist, `widget + terminal, lesson ${slug}`, [
      ...filesOf(manifest, embedLessonKeys(manifest, slug)),
      ...filesOf(manifest, afterPaint),
      ...filesOf(
        manifest,
        staticClosure(
          manifest,
          (preloads[slug] ?? []).map((k) =>
            k.startsWith(CHUNK_NAMED) ? dynamicKey(manifest, labKey, k.slice(CHUNK_NAMED.length)) : k,
          ),
        ),
      ),
    ]),
  );
  // What a lesson from outside adds to what the pages load anyway: the compiler shares the lab and the profiles
  // (it checks a lesson's world against them), which the sandbox loads at once and a lesson when it needs them.
  const widget = new Set([...firstPaint, ...wholeLessons].flatMap((s) => s.files.map((f) => f.file)));
  const compilerFiles = filesOf(manifest, staticClosure(manifest, [LESSON_COMPILER])).filter(
    (f) => !widget.has(f),
  );
  return {
    firstPaint,
    wholeLessons,
    worstFirstPaint: heaviest(firstPaint),
    worstWhole: heaviest(wholeLessons),
    lessonCompiler: scenario(dist, 'lesson compiler (lazy, lessons from outside)', compilerFiles),
  };
}

const kb = (n: number): string => (n / 1000).toFixed(2).padStart(8);

export function formatReport(r: Report): string {
  const out: string[] = [];
  const detail = (s: Scenario): void => {
    out.push(`${s.name}`);
    for (const f of [...s.files].sort((a, b) => b.gzip - a.gzip))
      out.push(`  ${f.file.padEnd(48)} ${kb(f.bytes)} kB ${kb(f.gzip)} kB gz`);
    out.push(`  ${'total'.padEnd(48)} ${kb(s.bytes)} kB ${kb(s.gzip)} kB gz`, '');
  };
  detail(r.worstWhole);
  out.push(`before first paint (budget ${FIRST_PAINT_BUDGET_KB} kB gz each; lessons: the heaviest)`);
  for (const s of r.firstPaint) out.push(`  ${s.name.padEnd(48)} ${kb(s.gzip)} kB gz`);
  out.push('', `whole one-lesson widget (budget ${WHOLE_LESSON_BUDGET_KB} kB gz each)`);
  for (const s of r.wholeLessons) out.push(`  ${s.name.padEnd(48)} ${kb(s.gzip)} kB gz`);
  out.push(
    '',
    `runtime lesson compiler (lazy, only with a lesson from outside): ${kb(r.lessonCompiler.gzip).trim()} kB gz`,
  );
  out.push(
    '',
    `before first paint, worst: ${kb(r.worstFirstPaint.gzip).trim()} kB gz (${r.worstFirstPaint.name}); budget ${FIRST_PAINT_BUDGET_KB} kB (goal ${FIRST_PAINT_GOAL_KB} kB${r.worstFirstPaint.gzip > FIRST_PAINT_GOAL_KB * 1000 ? ', not met' : ', met'})`,
    `whole one-lesson widget, worst: ${kb(r.worstWhole.gzip).trim()} kB gz (${r.worstWhole.name}); budget ${WHOLE_LESSON_BUDGET_KB} kB (goal ${WHOLE_LESSON_GOAL_KB} kB${r.worstWhole.gzip > WHOLE_LESSON_GOAL_KB * 1000 ? ', not met' : ', met'})`,
  );
  return out.join('\n');
}

/** The budgets a report breaks, as messages (empty: all kept). */
export function overBudget(r: Report): string[] {
  const over: string[] = [];
  for (const s of r.firstPaint)
    if (s.gzip > FIRST_PAINT_BUDGET_KB * 1000)
      over.push(
        `before first paint: ${s.name} is ${kb(s.gzip).trim()} kB gz (budget ${FIRST_PAINT_BUDGET_KB})`,
      );
  if (r.worstWhole.gzip > WHOLE_LESSON_BUDGET_KB * 1000)
    over.push(
      `${r.worstWhole.name} is ${kb(r.worstWhole.gzip).trim()} kB gz (budget ${WHOLE_LESSON_BUDGET_KB})`,
    );
  return over;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = measure(resolve(process.argv[2] ?? 'dist'), await lessonLoads());
  console.log(formatReport(report));
  const over = overBudget(report);
  for (const line of over) console.error(`over budget: ${line}`);
  if (over.length > 0) process.exit(1);
}
