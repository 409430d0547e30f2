// The download budgets: a real production build, measured as scripts/bundle-size.ts measures it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EMBED_ENTRY,
  FIRST_PAINT_BUDGET_KB,
  WHOLE_LESSON_BUDGET_KB,
  embedLessonKeys,
  overBudget,
  filesOf,
  lessonLoads,
  lessonPageKey,
  measure,
  sizeOf,
  staticClosure,
  type Manifest,
  type Report,
  type Scenario,
} from '../../scripts/bundle-size.ts';
import { courseEn } from '../../src/ui/lesson/index-strings.ts';
import { stepsListEn } from '../../src/ui/lesson/steps-strings.ts';
import { helpStrings } from '../../src/workstation/help-strings.ts';
import { sandboxEn } from '../../src/ui/sandbox-strings.ts';
import { siteEn } from '../../src/ui/site-strings.ts';

describe('following the manifest', () => {
  const manifest: Manifest = {
    'src/embed.ts': {
      file: 'smtp-lab.js',
      isEntry: true,
      imports: ['_runtime.js'],
      dynamicImports: ['_LessonPage.js', '_Sandbox.js'],
    },
    '_runtime.js': { file: 'assets/runtime.js', imports: ['_shared.js'] },
    '_shared.js': {
      file: 'assets/shared.js',
      imports: ['_runtime.js'],
      dynamicImports: ['src/Mailbox.svelte'],
    },
    '_LessonPage.js': {
      file: 'assets/LessonPage.js',
      name: 'LessonPage',
      imports: ['_shared.js'],
      dynamicImports: ['virtual:lessons/connect', 'virtual:lessons/ehlo'],
    },
    '_Sandbox.js': { file: 'assets/Sandbox.js', name: 'Sandbox', imports: ['_shared.js'] },
    'src/Mailbox.svelte': { file: 'assets/Mailbox.js', isDynamicEntry: true, css: ['assets/Mailbox.css'] },
    'virtual:lessons/connect': { file: 'assets/connect.js', isDynamicEntry: true },
    'virtual:lessons/ehlo': { file: 'assets/ehlo.js', isDynamicEntry: true, css: ['assets/ehlo.css'] },
  };

  it('takes static imports, through cycles, and leaves dynamic ones out', () => {
    expect(staticClosure(manifest, [EMBED_ENTRY]).sort()).toEqual([
      '_runtime.js',
      '_shared.js',
      'src/embed.ts',
    ]);
  });

  it('finds the lesson page among the entry dynamic imports by name', () => {
    expect(lessonPageKey(manifest)).toBe('_LessonPage.js');
  });

  it('a one-lesson page is the entry, the lesson page and that lesson only, with their CSS', () => {
    const files = filesOf(manifest, embedLessonKeys(manifest, 'ehlo'));
    expect(files.sort()).toEqual(
      [
        'smtp-lab.js',
        'assets/runtime.js',
        'assets/shared.js',
        'assets/LessonPage.js',
        'assets/ehlo.js',
        'assets/ehlo.css',
      ].sort(),
    );
  });

  it('refuses a manifest that lost a chunk, rather than under-counting', () => {
    expect(() => staticClosure({ a: { file: 'a.js', imports: ['gone'] } }, ['a'])).toThrow(/gone/);
    expect(() => lessonPageKey({ [EMBED_ENTRY]: { file: 'smtp-lab.js' } })).toThrow(/LessonPage/);
  });

  it('measures gzip level 9 per file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'smtp-lab-size-'));
    try {
      // 10 000 identical bytes compress to a few dozen; the raw size is exact.
      writeFileSync(join(dir, 'a.js'), 'a'.repeat(10_000));
      const size = sizeOf(dir, 'a.js');
      expect(size.bytes).toBe(10_000);
      expect(size.gzip).toBeGreaterThan(20);
      expect(size.gzip).toBeLessThan(100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the production build', () => {
  let dist = '';
  let report: Report;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'smtp-lab-dist-'));
    mkdirSync(dist, { recursive: true });
    // A child process: vitest sets NODE_ENV=test, and a build must be the production one the site ships.
    execFileSync(
      process.execPath,
      [
        resolve('node_modules/vite/bin/vite.js'),
        'build',
        '--outDir',
        dist,
        '--emptyOutDir',
        '--logLevel',
        'error',
      ],
      { env: { ...process.env, NODE_ENV: 'production' }, stdio: 'pipe' },
    );
    report = measure(dist, await lessonLoads());
  }, 180_000);

  afterAll(() => {
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it(`every page paints with at most ${FIRST_PAINT_BUDGET_KB} kB gzip, a whole lesson widget takes at most ${WHOLE_LESSON_BUDGET_KB}`, () => {
    expect(overBudget(report)).toEqual([]);
  });

  it('the terminal (xterm) is not in any first paint, and is in the whole widget', () => {
    for (const s of report.firstPaint) expect(s.files.map((f) => f.file).join()).not.toMatch(/xterm/);
    expect(report.worstWhole.files.some((f) => /xterm-runtime-/.test(f.file))).toBe(true);
    // xterm alone is ~83 kB gzip: the whole widget must be that much above its first paint.
    expect(report.worstWhole.gzip - report.worstFirstPaint.gzip).toBeGreaterThan(60_000);
  });

  it('the runtime lesson compiler is its own lazy chunk: in no first paint and no whole lesson widget', () => {
    const compiler = report.lessonCompiler.files.map((f) => f.file);
    expect(compiler.some((f) => /outside-/.test(f))).toBe(true);
    for (const s of [...report.firstPaint, ...report.wholeLessons])
      expect(s.files.filter((f) => compiler.includes(f.file))).toEqual([]);
    // YAML, zod and the checks: far from nothing, which is why they stay out of the default bundles.
    expect(report.lessonCompiler.gzip).toBeGreaterThan(30_000);
  });

  it('a lesson page paints without its lab; what loads on demand is in a lesson only when its lines use it', () => {
    const files = (s: { files: { file: string }[] }) => s.files.map((f) => f.file);
    const onDemand =
      /\/(dig|host|nslookup|openssl|printf|queue|nc|date|tools|clock|dsn|others|libraries)-[\w-]+\.js$/;
    for (const s of report.firstPaint.filter((p) => / lesson /.test(p.name))) {
      expect(files(s).filter((f) => /\/(lab|lesson-engine|xterm-runtime)-/.test(f))).toEqual([]);
      expect(s.gzip).toBeLessThan(60_000);
    }
    for (const s of report.firstPaint.filter((p) => !/sandbox/.test(p.name)))
      expect(files(s).filter((f) => onDemand.test(f))).toEqual([]);
    const whole = (slug: string) => files(report.wholeLessons.find((s) => s.name.endsWith(` ${slug}`))!);
    // connect types telnet to Postfix only; mx-records digs; tls-and-auth uses openssl, printf and port 587.
    expect(whole('connect').filter((f) => onDemand.test(f))).toEqual([]);
    expect(whole('connect').some((f) => /\/lab-/.test(f))).toBe(true);
    expect(whole('mx-records').filter((f) => /\/(dig|openssl|printf)-/.test(f))).toHaveLength(1);
    expect(whole('tls-and-auth').filter((f) => /\/(openssl|printf|others)-/.test(f))).toHaveLength(3);
    expect(whole('tls-and-auth').some((f) => /\/(dig|libraries)-/.test(f))).toBe(false);
    // nc in data-and-dot, date in proper-message; the report writer only with the lessons whose mail travels.
    const moved = /\/(nc|date|tools|clock|dsn)-/;
    expect(whole('data-and-dot').filter((f) => moved.test(f))).toEqual([expect.stringMatching(/\/nc-/)]);
    expect(whole('proper-message').filter((f) => moved.test(f))).toHaveLength(2);
    expect(whole('proper-message').some((f) => /\/date-/.test(f))).toBe(true);
    expect(whole('bounce').some((f) => /\/dsn-/.test(f))).toBe(true);
    // The message checks only with the three lessons whose goals read them.
    const withChecks = report.wholeLessons.filter((s) => files(s).some((f) => /\/message-checks-/.test(f)));
    expect(withChecks.map((s) => s.name.split(' ').at(-1)).sort()).toEqual([
      'mime',
      'open-relay',
      'proper-message',
    ]);
    // The signing code (the world's DKIM keys) and the checks load where a lesson uses them: lesson 7 signs,
    // checks, digs a key and writes to a list; connect does none of it.
    const auth = /\/(world|dkim|receiver|lists)-[\w-]+\.js$/;
    expect(whole('connect').filter((f) => auth.test(f))).toEqual([]);
    expect(whole('forgery').filter((f) => auth.test(f))).toHaveLength(4);
  });

  it("Svelte's form bindings (select, checkbox, text field) load with the sandbox, not with a lesson", () => {
    const forms = (s: Scenario) => s.files.filter((f) => /\/svelte-forms-[\w-]+\.js$/.test(f.file));
    const sandbox = report.firstPaint.find((s) => s.name === 'index.html #/sandbox')!;
    expect(forms(sandbox)).toHaveLength(1);
    for (const s of [...report.wholeLessons, ...report.firstPaint.filter((p) => / lesson /.test(p.name))])
      expect(forms(s)).toEqual([]);
  });

  it("a lesson widget downloads none of the strings of the site's pages, the sandbox, the course index, the steps list or the laptop's help", () => {
    const text = (s: Scenario) => s.files.map((f) => readFileSync(join(dist, f.file), 'utf8')).join('\n');
    const page = (name: string) => report.firstPaint.find((s) => s.name === name)!;
    const anywhere = readdirSync(join(dist, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(dist, 'assets', f), 'utf8'))
      .join('\n');
    // Each string, and the page that shows it (so that the check can see it where it is); the steps list's is in a
    // chunk of the lesson page loaded when its fold first opens.
    const elsewhere: [string, string][] = [
      [siteEn.skipLink, text(page('index.html #/'))],
      [sandboxEn.shareNote, text(page('widget sandbox'))],
      [courseEn.index.intro, text(page('index.html #/lessons'))],
      [stepsListEn.steps.shownAbove, anywhere],
      // The laptop's `help` list comes with the help command (the small tools' chunk).
      [helpStrings.helpHeading, anywhere],
    ];
    for (const [string, shown] of elsewhere) {
      expect(shown).toContain(string);
      for (const s of report.wholeLessons) expect(text(s), s.name).not.toContain(string);
    }
  });

  it("the terminal's stylesheet helper comes with the lab's views, not as a chunk of its own", () => {
    for (const s of [...report.wholeLessons, ...report.firstPaint])
      expect(
        s.files.filter((f) => /\/styles-[\w-]+\.js$/.test(f.file)),
        s.name,
      ).toEqual([]);
  });

  it("a lesson page's own views come in one chunk with the page, not one each", () => {
    for (const s of report.firstPaint.filter((p) => / lesson /.test(p.name))) {
      const files = s.files.map((f) => f.file);
      expect(files.filter((f) => /\/LessonPage-/.test(f))).toHaveLength(1);
      expect(
        files.filter((f) => /\/(LessonView|LessonPanel|LessonNav|lesson-session|source-names)-/.test(f)),
      ).toEqual([]);
    }
  });

  it('the reply explanation, the reply catalog and the notes about a line load when first shown, not with a lesson', () => {
    const files = (s: Scenario) => s.files.map((f) => f.file);
    const own = (name: string) => new RegExp(`/${name}-[\\w-]+\\.js$`);
    // Each is a chunk of its own (the sandbox shows the explanation's view at once).
    const assets = readdirSync(join(dist, 'assets')).map((f) => `/${f}`);
    for (const name of ['catalog', 'note-strings'])
      expect(assets.filter((f) => own(name).test(f))).toHaveLength(1);
    expect(files(report.firstPaint.find((s) => s.name === 'index.html #/sandbox')!)).toEqual(
      expect.arrayContaining([expect.stringMatching(own('ReplyExplanation'))]),
    );
    for (const s of [...report.wholeLessons, ...report.firstPaint.filter((p) => / lesson /.test(p.name))])
      expect(
        files(s).filter((f) => /\/(ReplyExplanation|catalog|note-strings)-/.test(f)),
        s.name,
      ).toEqual([]);
  });

  it('mail travel stays out of the lessons whose mail does not travel: its chunks, and code moved out of the lab', () => {
    const whole = (slug: string) => report.wholeLessons.find((s) => s.name.endsWith(` ${slug}`))!;
    const code = (slug: string) =>
      whole(slug)
        .files.filter((f) => f.file.endsWith('.js'))
        .map((f) => readFileSync(join(dist, f.file), 'utf8'))
        .join('\n');
    // What only travel uses, each with a trace of its code: the queue events the travel goals match
    // (src/smtp/travel/conditions.ts), sleep's clock jump (travel/clock.ts), the list manager's copies (lists.ts).
    const traces: Array<[string, RegExp]> = [
      ['travel goals', /["'`]queue-(status|report|list)["'`]/],
      ['clock jump', /type:\s*["'`]clock["'`]/],
      ['list copies', /DKIM-Signature:\/im/],
    ];
    const connect = code('connect');
    expect(whole('connect').files.filter((f) => /\/(travel|lists|queue)-/.test(f.file))).toEqual([]);
    for (const [what, trace] of traces) expect([what, trace.test(connect)]).toEqual([what, false]);
    // A lesson whose mail travels has the travel chunk, goals included (so the traces are real).
    expect(whole('two-hops').files.some((f) => /\/travel-/.test(f.file))).toBe(true);
    expect(traces[0][1].test(code('two-hops'))).toBe(true);
  });

  it('measures every lesson of the course and every page', () => {
    expect(report.wholeLessons.length).toBeGreaterThanOrEqual(1);
    for (const s of report.wholeLessons) expect(s.gzip).toBeLessThanOrEqual(report.worstWhole.gzip);
    expect(report.firstPaint.map((s) => s.name.split(' ')[0])).toEqual(
      expect.arrayContaining(['index.html', 'widget', 'embed.html']),
    );
  });
});
