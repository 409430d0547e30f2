// embed.html: the <smtp-lab> widget alone in a page, for sites that embed with an <iframe> rather than a script:
// embed.html?lesson=connect&theme=projector&font-size=20 (the same attributes as the element; id keeps progress).
// lesson-src=<address of a .md file> goes to the element as it is, so the widget checks it (http(s) only, size
// capped, the build's own validator); a relative address is relative to embed.html, the frame's own page: the
// frame cannot know the address of the post around it (README, Embedding).
// The page tells its parent how tall its content is (README, Embedding), so that the host can size the iframe.
import './embed.ts';

const ATTRIBUTES = ['lesson', 'lesson-src', 'theme', 'font-size', 'world', 'profile'] as const;

/** The message the parent receives: { type: HEIGHT_MESSAGE, height } in CSS pixels. */
const HEIGHT_MESSAGE = 'smtp-lab:height';

const query = new URLSearchParams(location.search);
const lab = document.createElement('smtp-lab');
for (const name of ATTRIBUTES) {
  const value = query.get(name);
  if (value) lab.setAttribute(name, value);
}
lab.id = query.get('id') ?? 'frame';
document.body.append(lab);

if (window.parent !== window) {
  let last = 0;
  // The widget's own height, not the document's: that is at least the frame's, so it could never shrink.
  new ResizeObserver(() => {
    const height = Math.ceil(lab.getBoundingClientRect().height);
    if (height === last || height === 0) return;
    last = height;
    // Only a number leaves the frame, so any parent may read it.
    window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, '*');
  }).observe(lab);
}
