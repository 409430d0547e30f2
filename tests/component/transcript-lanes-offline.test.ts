// The transcript's lanes (TranscriptLanes.svelte) are a chunk of their own, fetched at the first relay line:
// offline before it came, the transcript still shows every line, the relay's marked and indented as such.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import Transcript from '../../src/ui/Transcript.svelte';
import { travelled } from './conversation.ts';

vi.mock('../../src/ui/TranscriptLanes.svelte', () => {
  throw new Error('offline');
});

afterEach(() => cleanup());

describe('Transcript when its lanes cannot be fetched', () => {
  it('shows every line once the fetch failed, the relay’s marked, only without the headers', async () => {
    const { log } = await travelled();
    const { container } = render(Transcript, { props: { entries: log.entries } });
    const rows = () => container.querySelectorAll('.log > [data-id]').length;
    // The rows from the first relay line on wait for the lanes, then show all the same.
    expect(rows()).toBeLessThan(log.entries.length);
    await vi.waitFor(() => expect(rows()).toBe(log.entries.length));
    expect(screen.queryAllByRole('heading')).toEqual([]);
    const relayEhlo = Array.from(container.querySelectorAll<HTMLElement>('[data-kind="client"]')).find((l) =>
      l.textContent?.includes('EHLO mail.example.test'),
    );
    expect(relayEhlo?.dataset.lane).toBe('relay');
    expect(container.querySelectorAll('[data-kind="client"][data-lane="learner"]').length).toBeGreaterThan(3);
  });
});
