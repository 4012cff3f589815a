// Building DOM without markup strings. Invariants:
// - text goes in through text nodes (textContent) only, never innerHTML: visitor text is data;
// - attributes go in through setAttribute, which never parses markup either.

/** h('button', { class: 'x', 'data-action': 'call' }, 'Call') */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (name === 'hidden' || name === 'disabled' || name === 'checked' || name === 'required') node[name] = !!value;
    else if (name === 'value') node.value = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces a node's content. */
export function fill(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

// One formatter, made once: toLocaleTimeString makes a new one per call (about 0.3 ms each in
// Chromium), which a desk re-rendering a queue of cards pays on every click.
const hoursMinutes = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });

export const time = iso => hoursMinutes.format(new Date(iso));
