// The lessons Vite plugin: a real `vite build` of a tiny entry that imports the course index.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, type Rollup } from 'vite';
import { lessonsPlugin } from '../../../src/lessons/vite-plugin.ts';

const root = mkdtempSync(join(tmpdir(), 'lessons-plugin-'));
writeFileSync(
  join(root, 'entry.js'),
  `import { lessons, loadLesson } from 'virtual:lessons';\nexport { lessons, loadLesson };\n`,
);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function buildWith(dir: string): Promise<Rollup.RollupOutput> {
  const out = await build({
    root,
    configFile: false,
    logLevel: 'silent',
    plugins: [lessonsPlugin({ dir })],
    build: { write: false, lib: { entry: join(root, 'entry.js'), formats: ['es'] }, minify: false },
  });
  return (Array.isArray(out) ? out[0] : out) as Rollup.RollupOutput;
}

describe('lessonsPlugin', () => {
  it('builds a small index and one lazily loaded chunk per lesson', async () => {
    const output = await buildWith(resolve('lessons'));
    const chunks = output.output.filter((o): o is Rollup.OutputChunk => o.type === 'chunk');
    const entry = chunks.find((c) => c.isEntry)!;
    const lazy = chunks.filter((c) => !c.isEntry);
    // The index holds titles, not step texts or done explanations.
    expect(entry.code).toContain('title');
    expect(entry.code).not.toContain('doneHtml');
    expect(lazy.length).toBeGreaterThan(0);
    expect(lazy.every((c) => c.code.includes('doneHtml'))).toBe(true);
    expect(entry.dynamicImports.length).toBe(lazy.length);
  });

  it("ships a lesson's HTML and not its Markdown source, near misses or variants", async () => {
    const output = await buildWith(resolve('lessons'));
    const chunk = output.output.find(
      (o): o is Rollup.OutputChunk => o.type === 'chunk' && o.name === 'connect',
    )!;
    // `var connect_default = JSON.parse("…")`: the literal is JSON.stringify's output, so JSON reads it back.
    const literal = /JSON\.parse\(("(?:[^"\\]|\\.)*")\)/.exec(chunk.code)![1];
    const lesson = JSON.parse(JSON.parse(literal) as string);
    expect(lesson.steps.length).toBeGreaterThan(0);
    for (const step of lesson.steps) {
      expect(step.textHtml).toMatch(/<p>/);
      expect(step.hintsHtml.length).toBeGreaterThan(0);
      for (const key of ['text', 'hints', 'done']) expect(step).not.toHaveProperty(key);
      for (const teach of step.teaches) expect(teach).not.toHaveProperty('say');
      expect(step.misses).toEqual([]);
    }
    expect(lesson.variants).toEqual([]);
  });

  it('fails the build with the file:line problems of a broken course', async () => {
    await expect(buildWith(resolve('tests/fixtures/broken-lessons'))).rejects.toThrow(
      /tests\/fixtures\/broken-lessons\/03-unknown-reply\/index\.md:8: .*unknown reply id "ehlo\.okk"/,
    );
  });
});
