// Building DOM without markup strings: children that are strings become text nodes, so data can never become HTML.

type Child = Node | string | null | undefined | false;

/** Creates an element with attributes and children (strings are text). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(typeof c === "string" ? document.createTextNode(c) : c);
  return node;
}

/** Removes every child. */
export function clear(node: Element): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}
