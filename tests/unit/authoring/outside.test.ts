// Lessons from outside the build: the runtime compiler gives the same problems as lessons:check, and hostile
// files (script in every text field, YAML bombs, huge files, prototype keys) compile to nothing harmful.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../../src/lessons/course.ts';
import {
  compileLessonSource,
  decodeLessonLink,
  encodeLessonLink,
  fetchLesson,
  MAX_LESSON_CHARS,
  MAX_SHARE_CHARS,
  slugOf,
} from '../../../src/lessons/outside.ts';
import { LessonRun } from '../../../src/lessons/run.ts';
import { fixedEnvironment } from '../../../src/smtp/environment.ts';
import { EXAMPLE_LESSON } from '../../../src/ui/author/example.ts';

const broken = resolve('tests/fixtures/broken-lessons');

describe('the runtime compiler is the build-time one', () => {
  const course = loadCourse(broken, resolve('.'));
  // A reserved slug is the course folder's problem (#/lessons/url is a route): a lesson from outside is never
  // reached by its slug, so the same valid text compiles there.
  const folderOnly = ['10-url', '11-shared'];
  for (const folder of folderOnly)
    it(`${folder}: refused by lessons:check for its folder's name, compiled from outside`, () => {
      const text = readFileSync(join(broken, folder, 'index.md'), 'utf8');
      expect(course.problems.filter((p) => p.file.endsWith(`${folder}/index.md`))).toHaveLength(1);
      const result = compileLessonSource(text, 'url.md');
      expect(result.problems).toEqual([]);
      expect(result.lesson?.slug).toBe('url');
    });
  for (const folder of readdirSync(broken)
    .sort()
    .filter((f) => !folderOnly.includes(f))) {
    it(`${folder}: the same problems, lines and messages as lessons:check`, () => {
      const text = readFileSync(join(broken, folder, 'index.md'), 'utf8');
      const result = compileLessonSource(text, 'index.md');
      const built = course.problems
        .filter((p) => p.file.endsWith(`${folder}/index.md`))
        .map(({ line, message }) => ({ line, message }));
      expect(built.length).toBeGreaterThan(0);
      expect(result.problems).toEqual(built);
      expect(result.lesson).toBeUndefined();
    });
  }

  it('compiles every built-in lesson to what the build makes of it (but its slug and number)', () => {
    const built = loadCourse(resolve('lessons'), resolve('.'));
    for (const lesson of built.lessons) {
      const text = readFileSync(resolve(lesson.file), 'utf8');
      const result = compileLessonSource(text, `${lesson.slug}.md`);
      expect(result.problems).toEqual([]);
      expect({ ...result.lesson, order: lesson.order, file: lesson.file }).toEqual(lesson);
    }
  });

  it('the editor example is a valid lesson whose solution completes it', () => {
    const { lesson, problems } = compileLessonSource(EXAMPLE_LESSON, 'my-lesson.md');
    expect(problems).toEqual([]);
    const run = new LessonRun(lesson!, {
      environment: fixedEnvironment(),
      output: { write: () => {}, clear: () => {} },
    });
    for (const line of lesson!.steps.flatMap((s) => s.solution)) run.enter(line);
    expect(run.engine.completedIds()).toEqual(lesson!.steps.map((s) => s.id));
  });

  it('names the slug after the file', () => {
    expect(slugOf('My Lesson (2).md')).toBe('my-lesson-2');
    expect(slugOf('https://x.test/a/b/greeting.markdown')).toBe('greeting');
    expect(slugOf('__proto__.md')).toBe('proto');
    expect(slugOf('???.md')).toBe('lesson');
  });
});

const SCRIPT = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

/** A valid lesson with the payload in every text field a learner reads. */
export function hostileLesson(payload = SCRIPT): string {
  const q = JSON.stringify(payload);
  return [
    '---',
    `title: ${q}`,
    `summary: ${q}`,
    'steps:',
    '  - id: connect',
    `    text: ${JSON.stringify(`${payload}\n\n[click](javascript:alert(1)) [data](data:text/html,x) ![i](javascript:x)`)}`,
    '    goal: { reply: { code: 220 } }',
    `    teaches: [{ when: { reply: { code: 221 } }, say: ${q} }]`,
    `    hints: [${q}, ${JSON.stringify(`Type: \`telnet mail.example.test 25\` ${payload}`)}]`,
    `    done: ${q}`,
    '    solution: ["telnet mail.example.test 25"]',
    '---',
    payload,
  ].join('\n');
}

describe('hostile lesson files', () => {
  it('script in every text field compiles to escaped HTML, and script links become #', () => {
    const { lesson, problems } = compileLessonSource(hostileLesson(), 'evil.md');
    expect(problems).toEqual([]);
    const step = lesson!.steps[0];
    const html = [
      lesson!.introHtml,
      step.textHtml,
      step.doneHtml,
      ...step.hintsHtml,
      step.teaches[0].sayHtml,
    ];
    for (const h of html) {
      expect(h).not.toMatch(/<script|<img src="x"/i);
      expect(h).toContain('&#60;script&#62;');
      // Every URL left in an attribute is safe.
      for (const [, url] of h.matchAll(/(?:href|src)="([^"]*)"/g)) expect(url).toMatch(/^(#|https?:)/);
    }
    expect(step.textHtml).toContain('<a href="#">click</a> <a href="#">data</a> <img src="#" alt="i">');
    // Title and summary are plain text (Svelte escapes them); they are kept as written.
    expect(lesson!.title).toBe(SCRIPT);
  });

  it('a YAML bomb (aliases of aliases) is refused with a line, quickly, without expanding', () => {
    const bomb = [
      '---',
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      'title: [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
      '---',
    ].join('\n');
    const result = compileLessonSource(bomb, 'bomb.md');
    expect(result.lesson).toBeUndefined();
    expect(result.problems).toEqual([{ line: 2, message: expect.stringMatching(/^YAML: .*alias/i) }]);
  });

  it('a few aliases are fine YAML (then the schema speaks)', () => {
    const text = hostileLesson('hi').replace('title: "hi"', 'x: &t "hi"\ntitle: *t');
    const result = compileLessonSource(text, 'alias.md');
    expect(result.problems).toEqual([{ line: 2, message: expect.stringMatching(/unknown field "x"/) }]);
  });

  it('a huge file is refused before it is parsed', () => {
    const huge = hostileLesson('hi') + '\n' + 'a'.repeat(MAX_LESSON_CHARS);
    const result = compileLessonSource(huge, 'huge.md');
    expect(result.lesson).toBeUndefined();
    expect(result.problems).toEqual([{ line: 1, message: expect.stringMatching(/at most 200000/) }]);
  });

  it('prototype keys are unknown fields, never the prototype', () => {
    for (const [key, where] of [
      ['__proto__', ''],
      ['constructor', ''],
      ['__proto__', 'world'],
    ] as const) {
      const text =
        where === ''
          ? hostileLesson('hi').replace('title:', `${key}: { polluted: true }\ntitle:`)
          : hostileLesson('hi').replace('steps:', `world: { ${key}: { polluted: true } }\nsteps:`);
      const result = compileLessonSource(text, 'proto.md');
      expect(result.lesson).toBeUndefined();
      expect(result.problems.map((p) => p.message).join('\n')).toMatch(new RegExp(`unknown field "${key}"`));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('world names that are Object.prototype keys are unknown worlds and profiles', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      for (const field of ['base', 'profile']) {
        const text = hostileLesson('hi').replace('steps:', `world: { ${field}: ${name} }\nsteps:`);
        const result = compileLessonSource(text, 'names.md');
        expect(result.lesson, `${field}: ${name}`).toBeUndefined();
        expect(result.problems[0].message).toMatch(/unknown (world|profile)/);
      }
    }
  });
});

describe('share links', () => {
  it('carry a lesson compressed, and back', async () => {
    const encoded = await encodeLessonLink(EXAMPLE_LESSON);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encoded!.length).toBeLessThan(EXAMPLE_LESSON.length);
    expect(await decodeLessonLink(encoded!)).toBe(EXAMPLE_LESSON);
  });

  it('refuse a lesson too big for a link', async () => {
    // Random text does not compress.
    const noise = Array.from({ length: MAX_SHARE_CHARS }, (_, i) => ((i * 7919) % 65_521).toString(36)).join(
      '',
    );
    expect(await encodeLessonLink(noise)).toBeNull();
  });

  it('read nothing from junk, a too-long payload or a small link that inflates past the cap', async () => {
    expect(await decodeLessonLink('not base64!')).toBeNull();
    expect(await decodeLessonLink('AAAA')).toBeNull();
    expect(await decodeLessonLink('A'.repeat(MAX_SHARE_CHARS + 1))).toBeNull();
    const bomb = await encodeLessonLink('a'.repeat(MAX_LESSON_CHARS));
    expect(bomb).not.toBeNull();
    expect(await decodeLessonLink(bomb!)).toBe('a'.repeat(MAX_LESSON_CHARS));
    // Same bytes, built past the cap by hand: it must stop inflating.
    const stream = new Blob([new Uint8Array(MAX_LESSON_CHARS * 5)])
      .stream()
      .pipeThrough(new CompressionStream('deflate-raw'));
    const packed = new Uint8Array(await new Response(stream).arrayBuffer());
    const link = Buffer.from(packed).toString('base64url');
    expect(link.length).toBeLessThan(MAX_SHARE_CHARS);
    expect(await decodeLessonLink(link)).toBeNull();
  });
});

describe('fetching a lesson', () => {
  const ok = (body: string) => async () => new Response(body);
  it('reads the text and its file name', async () => {
    expect(await fetchLesson('./a/my%20lesson.md', 'https://blog.test/post/', ok('---'))).toEqual({
      kind: 'text',
      text: '---',
      name: 'my lesson.md',
    });
  });
  it('names what went wrong', async () => {
    const thrown = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await fetchLesson('https://x.test/l.md', 'https://a.test/', thrown)).toEqual({
      kind: 'network',
      url: 'https://x.test/l.md',
    });
    expect(
      await fetchLesson(
        'https://x.test/l.md',
        'https://a.test/',
        async () => new Response('', { status: 404 }),
      ),
    ).toMatchObject({ kind: 'status', status: 404 });
    expect(await fetchLesson('javascript:alert(1)', 'https://a.test/', ok(''))).toMatchObject({
      kind: 'bad-url',
    });
    expect(await fetchLesson('data:text/plain,x', 'https://a.test/', ok(''))).toMatchObject({
      kind: 'bad-url',
    });
    expect(
      await fetchLesson('https://x.test/l.md', 'https://a.test/', ok('x'.repeat(MAX_LESSON_CHARS * 4 + 1))),
    ).toMatchObject({ kind: 'too-big' });
  });
});

describe('inline lessons in a page', () => {
  it('lose the indentation of the HTML around them', async () => {
    const { dedent } = await import('../../../src/lessons/outside.ts');
    const inline =
      '\n      ---\n      title: x\n      steps:\n        - id: a\n      ---\n      Intro.\n    ';
    expect(dedent(inline)).toBe('---\ntitle: x\nsteps:\n  - id: a\n---\nIntro.\n');
    expect(dedent('---\r\ntitle: x\r\n')).toBe('---\ntitle: x\n');
  });
});

describe('npm run lesson:play takes the file the editor saves', () => {
  const play = (file: string, input: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/lesson-play.ts', file], {
      input,
      encoding: 'utf8',
      timeout: 60_000,
    });
  const dir = mkdtempSync(join(tmpdir(), 'author-'));

  it('plays it', () => {
    const file = join(dir, 'my-lesson.md');
    writeFileSync(file, EXAMPLE_LESSON);
    const result = play(file, 'telnet mail.example.test 25\nEHLO laptop.client.test\n');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^lesson 0 my-lesson: Say hello to a mail server/);
    expect(result.stdout).toContain('steps done: 2 of 2');
  });

  it('prints the problems the editor shows, at the same lines', () => {
    const file = join(dir, 'broken.md');
    const text = EXAMPLE_LESSON.replace('id: ehlo.ok }', 'id: ehlo.okk }').replace('done: |', 'dun: |');
    writeFileSync(file, text);
    const result = play(file, '');
    expect(result.status).toBe(1);
    const shown = compileLessonSource(text, 'broken.md').problems;
    expect(shown.length).toBe(3);
    const name = relative(process.cwd(), file);
    expect(result.stderr.trim().split('\n')).toEqual(shown.map((p) => `${name}:${p.line}: ${p.message}`));
  });
});
