// The lesson checker on deliberately broken lessons: exactly one clear file:line message per problem.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../../src/lessons/course.ts';
import { compileLesson } from '../../../src/lessons/compile.ts';
import { formatProblem } from '../../../src/lessons/source.ts';
import { unsentReplyIds } from '../../../src/lessons/sent-replies.ts';

const dir = 'tests/fixtures/broken-lessons';
const course = loadCourse(resolve(dir));

/** folder -> [line, pattern the message must match] (lines counted by hand in the fixture files). */
const expected: Record<string, [number, RegExp]> = {
  '01-bad-yaml': [8, /^YAML: Flow sequence .*end with a \]/],
  '02-missing-field': [5, /^step 1 "connect": missing required field "done"$/],
  '03-unknown-reply': [8, /unknown reply id "ehlo\.okk" \(did you mean "ehlo\.ok"\?\)/],
  '04-duplicate-step': [11, /^step 2 "connect", id: duplicate step id "connect"/],
  '05-hint-without-answer': [
    10,
    /^step 1 "connect", hints #2: the last hint must give the answer in a code span/,
  ],
  '06-unknown-profile': [5, /^world\.profile: unknown profile "postfx" \(did you mean "postfix"\?\)/],
  '07-unknown-condition': [10, /goal\.all #2: unknown condition "conected" \(did you mean "connected"\?\)/],
  '08-goal-true-at-once': [7, /goal: this goal is already true before the learner does anything/],
  '09-unquoted-colon': [9, /hints #1: .*put it in quotes/],
  // Valid lessons whose slugs are routes (#/lessons/url, #/lessons/shared): their pages could never be opened.
  '10-url': [1, /^the slug "url" is a route of the app/],
  '11-shared': [1, /^the slug "shared" is a route of the app/],
  // A typo in world.stopped would leave the server running and the backup MX unused.
  '12-unknown-stopped-host': [
    6,
    /^world\.stopped #2: no host "mx3\.elsewhere\.test" in world "default" \(did you mean "mx2?\.elsewhere\.test"\?\)/,
  ],
};

describe('lessons:check on broken lessons', () => {
  it('compiles none of them', () => {
    expect(course.lessons.map((l) => l.slug)).toEqual([]);
  });

  for (const [folder, [line, pattern]] of Object.entries(expected)) {
    it(`${folder}: one problem, at line ${line}`, () => {
      const file = `${dir}/${folder}/index.md`;
      const problems = course.problems.filter((p) => p.file === file);
      expect(problems.map(formatProblem)).toHaveLength(1);
      expect(problems[0].line).toBe(line);
      expect(problems[0].message).toMatch(pattern);
      expect(formatProblem(problems[0])).toBe(`${file}:${line}: ${problems[0].message}`);
    });
  }

  it('reports every fixture folder (no broken lesson passes silently)', () => {
    const files = new Set(course.problems.map((p) => p.file.split('/').at(-2)));
    expect([...files].sort()).toEqual(Object.keys(expected).sort());
  });
});

const good = `---
title: Fine
summary: A valid lesson.
steps:
  - id: connect
    text: Connect.
    goal: { reply: { id: greeting } }
    hints: ['Type: \`telnet mail.example.test 25\`']
    done: Connected.
    solution: ['telnet mail.example.test 25']
---
Intro.
`;

describe('compileLesson', () => {
  it('takes order and slug from the folder name', () => {
    const { lesson, problems } = compileLesson('x/07-say-hello/index.md', '07-say-hello', good);
    expect(problems).toEqual([]);
    expect(lesson?.order).toBe(7);
    expect(lesson?.slug).toBe('say-hello');
  });

  it('rejects a folder without the NN- prefix', () => {
    const { lesson, problems } = compileLesson('x/hello/index.md', 'hello', good);
    expect(lesson).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^x\/hello\/index\.md:1: the folder "hello"/),
    ]);
  });

  it('reports a file without front matter at line 1', () => {
    const { problems } = compileLesson('a.md', '01-a', '# Just Markdown\n');
    expect(problems).toEqual([{ file: 'a.md', line: 1, message: expect.stringMatching(/front matter/) }]);
  });

  it('reports an unclosed front matter', () => {
    const { problems } = compileLesson('a.md', '01-a', '---\ntitle: x\n');
    expect(problems[0].message).toMatch(/not closed/);
  });

  it('reports an unknown field at its own line', () => {
    const text = good.replace('summary: A valid lesson.\n', 'summary: A valid lesson.\nauthor: me\n');
    const { problems } = compileLesson('a.md', '01-a', text);
    expect(problems.map(formatProblem)).toEqual(['a.md:4: unknown field "author"']);
  });

  it('reports an unknown phase and a state condition inside count', () => {
    const text = good.replace(
      'goal: { reply: { id: greeting } }',
      'goal: { all: [{ state: { phase: rcpt-to } }, { count: { of: { state: { tls: true } }, min: 2 } }] }',
    );
    const { problems } = compileLesson('a.md', '01-a', text);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/unknown phase "rcpt-to"/),
      expect.stringMatching(/count counts events/),
    ]);
    expect(problems.every((p) => p.line === 7)).toBe(true);
  });

  it('refuses a reply id that the server never sends, and the count bounds as a range', () => {
    const never = unsentReplyIds();
    // The catalog lists these and profiles give them texts, but no code path in src/smtp sends them.
    expect(never).toEqual(expect.arrayContaining(['mail.authRequired', 'expn.disabled', 'etrn.ok']));
    expect(never).not.toContain('ehlo.ok');
    for (const id of never) {
      const text = good.replace(
        'goal: { reply: { id: greeting } }',
        `goal: { reply: { id: [greeting, ${id}] } }`,
      );
      const { problems } = compileLesson('a.md', '01-a', text);
      expect(problems.map((p) => p.message)).toEqual([
        `step 1 "connect", goal.reply.id #2: the simulated server never sends the reply "${id}", so this condition can never be true`,
      ]);
    }
    const counted = good.replace(
      'goal: { reply: { id: greeting } }',
      'goal: { count: { of: { reply: { code: 250 } }, min: -1, most: 2 } }',
    );
    expect(compileLesson('a.md', '01-a', counted).problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/count\.min: min must be ≥ 0$/),
      expect.stringMatching(/unknown field "most"$/),
    ]);
  });

  it('reports a start port the host does not serve', () => {
    const text = good.replace('steps:', 'start: { at: connected, port: 2525 }\nsteps:');
    const { problems } = compileLesson('a.md', '01-a', text);
    expect(problems.map(formatProblem)).toEqual([
      'a.md:4: start.port: mail.example.test has no service on port 2525',
    ]);
  });

  it('renders Markdown and keeps raw HTML as text', () => {
    const text = good.replace(
      'Intro.',
      'Intro <script>alert(1)</script> and [x](javascript:alert(1)) **bold**',
    );
    const { lesson } = compileLesson('a.md', '01-a', text);
    expect(lesson?.introHtml).toContain('<strong>bold</strong>');
    expect(lesson?.introHtml).not.toContain('<script');
    expect(lesson?.introHtml).toContain('&#60;script&#62;');
    expect(lesson?.introHtml).not.toContain('javascript:');
    expect(lesson?.steps[0].hintsHtml[0]).toBe('Type: <code>telnet mail.example.test 25</code>');
  });
});
