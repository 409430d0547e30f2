// <smtp-lab>: the sandbox as a custom element for blog posts, isolated in its own shadow root.
// Usage: <script type="module" src="smtp-lab.js"></script>
//        <smtp-lab lesson="connect"></smtp-lab>  or  <smtp-lab theme="projector" font-size="18"></smtp-lab>
//        <smtp-lab lesson-src="./my-lesson.md"></smtp-lab>, or the author's own lesson inline:
//        <smtp-lab><script type="text/markdown">---\ntitle: ...</script></smtp-lab>
import { mount, unmount } from 'svelte';
import EmbedRoot from './ui/EmbedRoot.svelte';
import type { Theme } from './ui/settings.svelte.ts';

/**
 * Inherited properties (font, colour, letter-spacing, ...) cross a shadow boundary. A :host rule cannot stop
 * them, because the page's own rules for the element win over it; so the reset sits on the wrapper inside.
 */
const SHADOW_CSS =
  ':host{display:block;contain:content}:host([hidden]){display:none}.smtp-lab-embed{all:initial;display:block}';

let instances = 0;

class SmtpLabElement extends HTMLElement {
  private app: ReturnType<typeof mount> | null = null;

  connectedCallback(): void {
    if (this.app) return;
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    shadow.replaceChildren();
    const style = document.createElement('style');
    style.textContent = SHADOW_CSS;
    const target = document.createElement('div');
    target.className = 'smtp-lab-embed';
    shadow.append(style, target);
    const size = Number(this.getAttribute('font-size'));
    // Component styles are injected into this shadow root (css: 'injected'), never into the host page.
    this.app = mount(EmbedRoot, {
      target,
      props: {
        theme: this.getAttribute('theme') === 'projector' ? ('projector' as Theme) : ('default' as Theme),
        fontSize: size > 0 ? size : undefined,
        world: this.getAttribute('world') ?? undefined,
        profile: this.getAttribute('profile') ?? undefined,
        lesson: this.getAttribute('lesson') ?? undefined,
        // The author's own lesson: inline (a script block the browser never runs) or a file's address.
        lessonText: this.querySelector('script[type="text/markdown"]')?.textContent ?? undefined,
        lessonSrc: this.getAttribute('lesson-src') ?? undefined,
        instance: this.id || `widget-${++instances}`,
      },
    });
  }

  disconnectedCallback(): void {
    if (!this.app) return;
    void unmount(this.app);
    this.app = null;
    this.shadowRoot?.replaceChildren();
  }
}

if (!customElements.get('smtp-lab')) customElements.define('smtp-lab', SmtpLabElement);
