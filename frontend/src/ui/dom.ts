// Small DOM builders. Text reaches the page only as textContent: data from
// the API never becomes markup.

type Attrs = { [name: string]: string | number | boolean | null | undefined };

/** h makes an element with a class (or ''), attributes and children (strings become text). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = '',
  attrs: Attrs = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

/** link is an anchor to a page of the application or a download. */
export function link(href: string, text: string, className = '', attrs: Attrs = {}): HTMLAnchorElement {
  return h('a', className, { href, ...attrs }, text);
}

/** table makes an accessible table: caption, column heads, and rows whose first cell heads the row. */
export function table(
  caption: string,
  heads: string[],
  rows: (string | Node)[][],
  opts: { id?: string; className?: string; numeric?: boolean[] } = {},
): HTMLTableElement {
  const tbl = h('table', opts.className ?? 'counts', opts.id ? { id: opts.id } : {});
  tbl.append(h('caption', '', {}, caption));
  const head = h('tr');
  heads.forEach((text, i) => head.append(h('th', opts.numeric?.[i] ? 'num' : '', { scope: 'col' }, text)));
  tbl.append(h('thead', '', {}, head));
  const body = h('tbody');
  for (const r of rows) {
    const tr = h('tr');
    r.forEach((cell, i) => {
      const c = i === 0 ? h('th', '', { scope: 'row' }, cell) : h('td', opts.numeric?.[i] ? 'num' : '', {}, cell);
      tr.append(c);
    });
    body.append(tr);
  }
  tbl.append(body);
  return tbl;
}

let idSeq = 0;
/** uid is an id unique in the page, for label/input pairs. */
export function uid(prefix: string): string {
  idSeq += 1;
  return `${prefix}-${idSeq}`;
}

/** field is a label, an input and a message slot for the server's word about it. */
export function field(
  label: string,
  input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint = '',
): { root: HTMLElement; error: HTMLElement; setError(text: string | null): void } {
  if (!input.id) input.id = uid('f');
  const error = h('p', 'field__error', { id: `${input.id}-error`, role: 'alert' });
  error.hidden = true;
  const described = [`${input.id}-error`];
  const root = h('div', 'field', {}, h('label', 'field__label', { for: input.id }, label));
  if (hint) {
    root.append(h('p', 'field__hint', { id: `${input.id}-hint` }, hint));
    described.push(`${input.id}-hint`);
  }
  input.setAttribute('aria-describedby', described.join(' '));
  root.append(input, error);
  return {
    root,
    error,
    setError(text) {
      error.textContent = text ?? '';
      error.hidden = !text;
      if (text) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
}

/** option makes a select option. */
export function option(value: string, text: string, selected = false): HTMLOptionElement {
  const o = h('option', '', { value }, text);
  o.selected = selected;
  return o;
}
