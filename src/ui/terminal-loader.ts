// Loading the terminal after the text: the xterm chunk is requested when the terminal pane mounts (the lesson text
// is in the page by then and paints without waiting for it), and the pane keeps what the learner does meanwhile:
// it takes the focus and records the keys, which the terminal then receives as if typed into it.

export const loadXterm = () => import('./xterm-runtime.ts');

/** Keys as xterm sends them to the program (VT sequences, normal cursor mode). */
const SPECIAL: Record<string, string> = {
  Enter: '\r',
  Backspace: '\x7f',
  Escape: '\x1b',
  Delete: '\x1b[3~',
  ArrowUp: '\x1b[A',
  ArrowDown: '\x1b[B',
  ArrowRight: '\x1b[C',
  ArrowLeft: '\x1b[D',
  Home: '\x1b[H',
  End: '\x1b[F',
};

/** What the terminal would receive for this key press; undefined for keys it would leave alone (Tab, F5, …). */
export function keyData(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>,
): string | undefined {
  const { key } = event;
  if (event.metaKey) return undefined;
  if (event.ctrlKey && !event.altKey) {
    const code = key.length === 1 ? key.toLowerCase().charCodeAt(0) : 0;
    // Ctrl+A … Ctrl+Z, Ctrl+[ \ ] : C0 controls (Ctrl+C is ETX, Ctrl+] telnet's escape).
    return code >= 97 && code <= 122
      ? String.fromCharCode(code - 96)
      : code >= 91 && code <= 93
        ? String.fromCharCode(code - 64)
        : undefined;
  }
  if (event.altKey) return undefined;
  return key.length === 1 || /^.[\uDC00-\uDFFF]$/.test(key) ? key : SPECIAL[key];
}

/**
 * Stands in for the terminal on `host` until it is ready: focusable, and recording typed keys and pastes.
 * `finish()` hands over what was recorded and whether the stand-in had the focus, and removes itself.
 */
export class EarlyKeys {
  #data = '';
  #wanted = false;
  #done = false;

  readonly #host: HTMLElement;
  constructor(host: HTMLElement) {
    this.#host = host;
    host.tabIndex = 0;
    host.addEventListener('keydown', this.#onKey);
    host.addEventListener('paste', this.#onPaste);
  }

  /** Focus the stand-in now and the terminal once it is there (a focus() that came too early is kept). */
  focus(): void {
    this.#wanted = true;
    this.#host.focus();
  }

  finish(): { data: string; focused: boolean } {
    if (this.#done) return { data: '', focused: false };
    this.#done = true;
    const focused = this.#wanted || hasFocus(this.#host);
    this.#host.removeEventListener('keydown', this.#onKey);
    this.#host.removeEventListener('paste', this.#onPaste);
    this.#host.removeAttribute('tabindex');
    return { data: this.#data, focused };
  }

  readonly #onKey = (event: KeyboardEvent): void => {
    const data = keyData(event);
    if (data === undefined) return;
    event.preventDefault();
    this.#data += data;
  };

  readonly #onPaste = (event: ClipboardEvent): void => {
    const text = event.clipboardData?.getData('text/plain') ?? '';
    event.preventDefault();
    // As xterm pastes with bracketed paste on (the binding turns it on): never taken for typing.
    if (text) this.#data += `\x1b[200~${text.replace(/\r?\n/g, '\r')}\x1b[201~`;
  };
}

/** Whether `el` has the focus, inside a shadow root too. */
function hasFocus(el: HTMLElement): boolean {
  const root = el.getRootNode() as Document | ShadowRoot;
  return root.activeElement === el;
}
