// embed.html: the <smtp-lab> widget alone in a page, for sites that embed with an <iframe> rather than a script:
// embed.html?lesson=connect&theme=projector&font-size=20 (the same attributes as the element; id keeps progress).
import './embed.ts';

const ATTRIBUTES = ['lesson', 'theme', 'font-size', 'world', 'profile'] as const;

const query = new URLSearchParams(location.search);
const lab = document.createElement('smtp-lab');
for (const name of ATTRIBUTES) {
  const value = query.get(name);
  if (value) lab.setAttribute(name, value);
}
lab.id = query.get('id') ?? 'frame';
document.body.append(lab);
