// <smtp-lab>: the sandbox as a custom element for blog posts, isolated in its own shadow root.
// Usage: <script type="module" src="smtp-lab.js"></script>
//        <smtp-lab lesson="connect"></smtp-lab>  or  <smtp-lab theme="projector" font-size="18"></smtp-lab>
import { mount, unmount } from 'svelte';
import EmbedRoot from './ui/EmbedRoot.svelte';
import type { Theme } from './ui/settings.svelte.ts';

/** Inherited properties cross a shadow boundary: reset them so the host page's fonts and colours stay out. */
const HOST_CSS = ':host{all:initial;display:block;contain:content}:host([hidden]){display:none}';

let instances = 0;

class SmtpLabElement extends HTMLElement {
  private app: ReturnType<typeof mount> | null = null;

  connectedCallback(): void {
    if (this.app) return;
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    shadow.replaceChildren();
    const style = document.createElement('style');
    style.textContent = HOST_CSS;
    const target = document.createElement('div');
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
