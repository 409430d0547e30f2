// Vite plugin: compiles lessons/NN-slug/index.md at build time into `virtual:lessons` (the small index) and one
// lazily imported `virtual:lessons/<slug>` module per lesson. A broken lesson stops the build (or shows the dev
// overlay) with the same file:line messages as `npm run lessons:check`, never a blank page.
import { resolve } from 'node:path';
import type { Plugin, ResolvedConfig, ViteDevServer } from 'vite';
import { loadCourse, type Course } from './course.ts';
import { summarize } from './compile.ts';
import { sentReplyIds } from './sent-replies.ts';
import { formatProblem } from './source.ts';

const INDEX_ID = 'virtual:lessons';
/** The reply ids the server can send, for the runtime lesson compiler (read here, in Node, from src/smtp). */
const SENT_REPLIES_ID = 'virtual:sent-replies';
const LESSON_PREFIX = 'virtual:lessons/';
const LOADERS_ID = 'virtual:lesson-loaders';
const RESOLVED = '\0';

export interface LessonsPluginOptions {
  /** The lessons folder, relative to the project root (default "lessons"). */
  dir?: string;
}

export function lessonsPlugin(options: LessonsPluginOptions = {}): Plugin {
  let config: ResolvedConfig | undefined;
  let cached: Course | null = null;
  const dir = () => resolve(config?.root ?? process.cwd(), options.dir ?? 'lessons');

  const course = (): Course => {
    cached ??= loadCourse(dir(), config?.root ?? process.cwd());
    return cached;
  };

  /** All problems in one message, one file:line per line, as lessons:check prints them. */
  const failure = (c: Course) =>
    `Lessons have ${c.problems.length} problem(s):\n${c.problems.map(formatProblem).join('\n')}\n(npm run lessons:check)`;

  const invalidate = (server: ViteDevServer) => {
    cached = null;
    for (const mod of server.moduleGraph.idToModuleMap.values()) {
      if (mod.id?.startsWith(RESOLVED + INDEX_ID) || mod.id === RESOLVED + LOADERS_ID)
        server.moduleGraph.invalidateModule(mod);
    }
    server.ws.send({ type: 'full-reload' });
  };

  return {
    name: 'smtp-lab-lessons',
    configResolved(resolved) {
      config = resolved;
    },
    buildStart() {
      cached = null;
      // A production build checks the course even before anything imports it; vitest does not need to.
      if (config?.command === 'build' && !process.env.VITEST) {
        const c = course();
        if (c.problems.length > 0) this.error(failure(c));
      }
    },
    configureServer(server) {
      const root = dir();
      server.watcher.add(root);
      const onChange = (file: string) => {
        if (resolve(file).startsWith(root)) invalidate(server);
      };
      server.watcher.on('change', onChange);
      server.watcher.on('add', onChange);
      server.watcher.on('unlink', onChange);
      server.watcher.on('unlinkDir', onChange);
    },
    resolveId(id) {
      if (id === INDEX_ID || id === LOADERS_ID || id === SENT_REPLIES_ID || id.startsWith(LESSON_PREFIX))
        return RESOLVED + id;
      return null;
    },
    load(id) {
      if (id === RESOLVED + SENT_REPLIES_ID) {
        const ids = [...sentReplyIds()].sort();
        return `export const sentReplyIds = new Set(${JSON.stringify(ids)});`;
      }
      if (!id.startsWith(RESOLVED + INDEX_ID) && id !== RESOLVED + LOADERS_ID) return null;
      const c = course();
      for (const file of c.files) this.addWatchFile(file);
      if (c.problems.length > 0) this.error(failure(c));
      const name = id.slice(RESOLVED.length);
      if (name === INDEX_ID) {
        const summaries = c.lessons.map(summarize).sort((a, b) => a.order - b.order);
        return [
          `export const lessons = JSON.parse(${JSON.stringify(JSON.stringify(summaries))});`,
          `export { loadLesson } from ${JSON.stringify(LOADERS_ID)};`,
        ].join('\n');
      }
      if (name === LOADERS_ID) {
        const loaders = c.lessons
          .map((l) => `  ${JSON.stringify(l.slug)}: () => import(${JSON.stringify(LESSON_PREFIX + l.slug)}),`)
          .join('\n');
        return [
          `const loaders = {\n${loaders}\n};`,
          `const find = (slug) => (Object.prototype.hasOwnProperty.call(loaders, slug) ? loaders[slug] : null);`,
          `export function loadLesson(slug) {`,
          `  const load = find(slug);`,
          `  return load ? load().then((m) => m.default) : Promise.resolve(undefined);`,
          `}`,
          `export function loadNeighbours(slug) {`,
          `  const load = find(slug);`,
          `  return load ? load().then((m) => m.neighbours) : Promise.resolve([]);`,
          `}`,
        ].join('\n');
      }
      const slug = name.slice(LESSON_PREFIX.length);
      const lesson = c.lessons.find((l) => l.slug === slug);
      if (!lesson)
        this.error(
          `No lesson "${slug}" in ${options.dir ?? 'lessons'}/ (known: ${c.lessons.map((l) => l.slug).join(', ')})`,
        );
      // Near misses and variants are test data (course.test.ts replays them), and the page renders a step's HTML,
      // never its Markdown source (text, hints, done, say): none of them is shipped.
      const shipped = {
        ...lesson,
        steps: lesson.steps.map(({ text: _text, hints: _hints, done: _done, ...st }) => ({
          ...st,
          teaches: st.teaches.map(({ say: _say, ...teach }) => teach),
          misses: [],
        })),
        variants: [],
      };
      // With the lesson, the summaries of the lessons before and after it: its page links to them without
      // loading the whole course index.
      const ordered = [...c.lessons].sort((a, b) => a.order - b.order);
      const at = ordered.indexOf(lesson);
      const neighbours = ordered.slice(Math.max(0, at - 1), at + 2).map(summarize);
      return [
        `export default JSON.parse(${JSON.stringify(JSON.stringify(shipped))});`,
        `export const neighbours = JSON.parse(${JSON.stringify(JSON.stringify(neighbours))});`,
      ].join('\n');
    },
  };
}
