// Puts a stylesheet into the document or shadow root a component lives in, once per root (embeds use Shadow DOM).

export function ensureStyle(node: Node, id: string, css: string): void {
  const root = node.getRootNode();
  const target: ParentNode | null =
    typeof ShadowRoot !== 'undefined' && root instanceof ShadowRoot
      ? root
      : ((root as Document).head ?? node.ownerDocument?.head ?? null);
  if (!target || target.querySelector(`style[data-lab-style="${id}"]`)) return;
  const style = (node.ownerDocument ?? document).createElement('style');
  style.dataset.labStyle = id;
  style.textContent = css;
  target.appendChild(style);
}
