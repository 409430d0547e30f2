// The Sources page: the five old tutorials, each with what it shows and gets wrong, and links to the lessons
// whose `seeds:` front matter names it (data, not a hand-kept list).
import { cleanup, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { LessonSummary } from '../../src/lessons/engine/types.ts';
import Sources from '../../src/ui/Sources.svelte';
import { matchRoute } from '../../src/ui/routes.ts';

afterEach(cleanup);

const lesson = (slug: string, order: number, seeds: string[]): LessonSummary => ({
  slug,
  order,
  title: `Lesson ${slug}`,
  summary: '.',
  seeds,
  steps: [{ id: 'a' }],
});

describe('Sources', () => {
  it('lists each tutorial with the lessons that draw on it, and says when none does', () => {
    render(Sources, {
      props: {
        lessons: [lesson('one', 1, ['000', '003']), lesson('two', 2, ['003']), lesson('three', 3, [])],
      },
    });
    const sections = screen.getAllByTestId('source');
    expect(sections).toHaveLength(5);
    const magazine = screen.getByRole('region', { name: /Using Telnet to send mail/ });
    expect(
      within(magazine)
        .getAllByRole('link')
        .map((a) => a.getAttribute('href')),
    ).toEqual(['#/lessons/one']);
    const blog = screen.getByRole('region', { name: /Sending Mail Using Telnet/ });
    expect(
      within(blog)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['1. Lesson one', '2. Lesson two']);
    const guide = screen.getByRole('region', { name: /Trivial uses of Telnet/ });
    expect(within(guide).queryAllByRole('link')).toHaveLength(0);
    expect(within(guide).getByText(/No lesson draws on it yet/)).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/\bseeds?\b/i);
  });

  it('the real course links every tutorial to at least one lesson', () => {
    render(Sources);
    for (const section of screen.getAllByTestId('source'))
      expect(within(section).getAllByRole('link').length).toBeGreaterThan(0);
  });

  it('is the page of #/sources', () => {
    expect('load' in matchRoute('/sources')).toBe(true);
  });
});
