// Shared by the transcript's and the diagram's print tests: a windowed list (src/ui/virtual-rows.ts) must draw
// every row at once inside beforeprint (the print layout is taken right after it returns), window again after
// afterprint, and listen on its own window only while mounted.
import { expect, vi } from 'vitest';

export function expectPrintsWhole(
  mount: () => { container: HTMLElement; unmount: () => void },
  rowSelector: string,
  all: number,
): void {
  const added = vi.spyOn(window, 'addEventListener');
  const removed = vi.spyOn(window, 'removeEventListener');
  const { container, unmount } = mount();
  const rows = () => container.querySelectorAll(rowSelector).length;
  expect(all).toBeGreaterThan(200);
  // jsdom lays nothing out: the windowed list draws its last rows only.
  expect(rows()).toBeLessThan(100);
  window.dispatchEvent(new Event('beforeprint'));
  expect(rows()).toBe(all);
  window.dispatchEvent(new Event('afterprint'));
  expect(rows()).toBeLessThan(100);
  const print = (spy: typeof added) => spy.mock.calls.filter(([type]) => type === 'beforeprint').length;
  expect(print(added)).toBe(1);
  unmount();
  expect(print(removed)).toBe(1);
  added.mockRestore();
  removed.mockRestore();
}

/** A session long enough to be windowed: EHLO and 100 numbered NOOPs. */
export const LONG_SESSION = [
  'EHLO laptop\r\n',
  ...Array.from({ length: 100 }, (_, i) => `NOOP ${i + 1}\r\n`),
];
