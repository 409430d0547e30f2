import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import App from '../../src/ui/App.svelte';
import { hashPath, matchRoute } from '../../src/ui/routes.ts';
import { RESERVED_SLUGS } from '../../src/lessons/slugs.ts';

afterEach(() => {
  cleanup();
  location.hash = '';
});

describe('routes', () => {
  it('reads the path from the hash, ignoring a query and a trailing slash', () => {
    expect(hashPath('')).toBe('/');
    expect(hashPath('#/sandbox/')).toBe('/sandbox');
    expect(hashPath('#/lessons/01-helo?step=2')).toBe('/lessons/01-helo');
    expect(hashPath('#main')).toBe('/');
  });

  it('gives a lesson page its id', () => {
    expect(matchRoute('/lessons/03-data').params).toEqual({ id: '03-data' });
  });

  it('keeps the reserved words for lessons from outside, never a slug (lessons:check refuses them)', () => {
    for (const word of RESERVED_SLUGS) expect(matchRoute(`/lessons/${word}`).params).toEqual({ from: word });
    expect(matchRoute('/lessons/urls').params).toEqual({ id: 'urls' });
  });
});

describe('App', () => {
  it('has a skip link, a main landmark and a labelled navigation', async () => {
    render(App);
    expect(screen.getByRole('link', { name: 'Skip to main content' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    // The start page loads on demand like every page.
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent('Talk SMTP to a mail server');
  });

  it('switches to the projector theme with one attribute on the app root, not on the document', async () => {
    const { container } = render(App);
    const root = container.querySelector('.smtp-lab')!;
    expect(root).toHaveAttribute('data-theme', 'default');
    screen.getByRole('button', { name: 'Projector mode' }).click();
    await Promise.resolve();
    expect(root).toHaveAttribute('data-theme', 'projector');
    expect(screen.getByRole('button', { name: 'Projector mode' })).toHaveAttribute('aria-pressed', 'true');
    expect(document.documentElement).not.toHaveAttribute('data-theme');
  });

  it('sets the text size as a custom property on the app root', async () => {
    const { container } = render(App);
    const root = container.querySelector<HTMLElement>('.smtp-lab')!;
    const before = parseInt(root.style.getPropertyValue('--lab-font-size'));
    screen.getByRole('button', { name: 'Larger text' }).click();
    await Promise.resolve();
    expect(parseInt(root.style.getPropertyValue('--lab-font-size'))).toBeGreaterThan(before);
  });

  it('shows the page of the current hash', async () => {
    location.hash = '#/lessons';
    render(App);
    expect(await screen.findByRole('heading', { level: 1, name: 'Lessons' })).toBeInTheDocument();
  });
});
