// `npm run size [dist]`: the gzip bytes a browser downloads, read from a build's Vite manifest. Two budgets:
// - before first paint: what every page (and the widget) loads before its text can show; the terminal (xterm)
//   loads after that paint (src/ui/terminal-loader.ts), so it is not part of it;
// - the whole one-lesson widget: <smtp-lab lesson="..."> with the heaviest lesson, terminal included (what it
//   loads without being used; the mailbox viewer and the reply catalog load when first opened).
// Prints a table of both and exits non-zero when one is over.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

/**
 * kB of 1000 bytes, as Vite reports them. The goal is 100 kB before first paint on every page, and it is NOT met
 * on one page: the app's lesson page (index.html #/lessons/<slug>) measures 101.3. It was 97.9 before the merge of
 * the core's and the guard's work of issues 8 and 9 (+3.4 kB in the lab's core and the progress store, which a
 * lesson page builds before its text shows); the widget and embed.html are under 100. The next step down is to
 * build the lab after the text has painted (LessonView creates its session, and with it the whole core, at once).
 * Until then this ceiling is a regression guard: the measured worst plus ~1 kB. 102 -> 108 when the branches of
 * issues 7, 11, 12 and 13 were merged together (the step card and compact layout, the mail-travel hooks in the
 * network, the SPF/DKIM/DMARC suspend step in the session, the lab's reply hold for Predict, the runtime-lesson
 * routes in the widget): 107.09 kB measured. Issue 10's goal stays open. 108 -> 112 for lesson 7's three new steps
 * (issue 12: the provider's signed two-hop mail, the quarantine, the list footer; the lesson chunk, which the page
 * needs before its text shows, grew from about 5.2 to 7.5 kB gz, its text shipped as Markdown and HTML): 110.97
 * kB measured for that lesson's page. 112 -> 113.5 for the polish branch (+1.6 kB: Show solution's way back
 * into a session and its note, the truthful body-start note, Postfix's held SIZE, BDAT record count, octet
 * addresses of Sendmail and their reply texts, the one-mailbox-per-user delivery): 112.57 kB measured. 113.5 ->
 * 114.5 for issue 11's lessons (three more lessons in the index, the network holding remote mail while the travel
 * chunk loads, the relayed/report/mailq goal conditions, the terminal holding input meanwhile): 113.72 measured.
 */
export const FIRST_PAINT_BUDGET_KB = 114.5;
export const FIRST_PAINT_GOAL_KB = 100;
/**
 * The goal is 165 kB and it is NOT reached: 191.0 measured when this was written (xterm 83.4, the Svelte runtime
 * 19.1, the SMTP core, the laptop's shell and the views ~56, the lesson page and its engine 11.1, the panels under
 * the terminal ~7, the lesson ~5; main's goal checks and Sources line added ~2, issues 8 and 9 ~3.6). Before the notes about the learner's line (+4 kB) and the split of the panels
 * under the terminal out of the first paint (+1.6 kB of chunking, -5 kB before first paint), taking every module
 * the goal names out of the bundle (dig/host/nslookup, openssl, printf, the non-Postfix profiles, the bounce
 * writer) measured 168.7: they must load on demand AND more must go. Loading them on demand needs an asynchronous
 * "prepare" step before the simulated network and shell start (profiles and commands are looked up
 * synchronously in the core). So this is a regression guard, the measured total plus ~2 kB; lower it as the
 * bundle shrinks, raise it only in a commit that says what the bytes buy. 192 -> 200 for the same merge of
 * issues 7, 11, 12 and 13 (see above): 198.25 kB measured, plus the relay lanes in the transcript and diagram.
 * 200 -> 204 for lesson 7's three new steps (see above): 202.84 kB measured for that lesson's widget. 204 ->
 * 205.5 for the polish branch (see above): 204.53 kB measured. 205.5 -> 206.5 for issue 11's lessons (see
 * above): 205.66 kB measured.
 */
export const WHOLE_LESSON_BUDGET_KB = 206.5;
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
/** Every chunk a lesson loads after its text has painted without being asked (the terminal, xterm, the panels). */
export const AFTER_PAINT_KEYS = [TERMINAL_KEY, 'src/ui/lesson/below-terminal.ts'];
/** The chunks the pages import dynamically for a lesson and for the sandbox (found by name). */
export const LESSON_PAGE_NAME = 'LessonPage';
export const SANDBOX_NAME = 'Sandbox';
export const LESSONS_INDEX_NAME = 'LessonsIndex';
export const HOME_NAME = 'Home';
/** The runtime lesson compiler (YAML, zod, the checks), loaded only by pages that take a lesson from outside. */
export const LESSON_COMPILER = 'src/lessons/outside.ts';
/** Keys of the per-lesson chunks made by src/lessons/vite-plugin.ts. */
export const LESSON_KEY_PREFIX = 'virtual:lessons/';

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

export function measure(dist: string): Report {
  const manifest = readManifest(dist);
  const slugs = lessonSlugs(manifest);
  if (slugs.length === 0) throw new Error('the manifest lists no lesson chunks');
  const afterPaint = staticClosure(manifest, AFTER_PAINT_KEYS);
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
    ]),
  );
  const widget = new Set(filesOf(manifest, embedLessonKeys(manifest, slugs[0])));
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
    `whole one-lesson widget, worst: ${kb(r.worstWhole.gzip).trim()} kB gz (${r.worstWhole.name}); budget ${WHOLE_LESSON_BUDGET_KB} kB (goal ${WHOLE_LESSON_GOAL_KB} kB, not met)`,
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
  const report = measure(resolve(process.argv[2] ?? 'dist'));
  console.log(formatReport(report));
  const over = overBudget(report);
  for (const line of over) console.error(`over budget: ${line}`);
  if (over.length > 0) process.exit(1);
}
