// Markdown to HTML for lesson text, at build time for the course and at run time for lessons from outside (a
// file, a URL, a share link, a widget's inline Markdown: untrusted). Raw HTML is shown as text and only safe
// link targets are kept, so nothing in a lesson can run a script in the page.
import { Marked, type Tokens } from 'marked';

const SAFE_URL = /^(https?:|mailto:|#|\/(?!\/)|\.\.?\/)/i;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function createMarked(): Marked {
  return new Marked({
    gfm: true,
    breaks: false,
    async: false,
    walkTokens(token) {
      if (token.type === 'link' || token.type === 'image') {
        const t = token as Tokens.Link | Tokens.Image;
        if (!SAFE_URL.test(t.href.trim())) t.href = '#';
      }
    },
    renderer: {
      // Raw HTML in the Markdown is displayed, never interpreted.
      html(token: Tokens.HTML | Tokens.Tag) {
        return escapeHtml(token.text);
      },
    },
  });
}

const marked = createMarked();

/** Block Markdown (paragraphs, lists, code blocks) to HTML. */
export function renderMarkdown(markdown: string): string {
  return (marked.parse(markdown, { async: false }) as string).trim();
}

/** One line of Markdown (a hint, a "say") to inline HTML, without a wrapping paragraph. */
export function renderInline(markdown: string): string {
  return (marked.parseInline(markdown, { async: false }) as string).trim();
}
