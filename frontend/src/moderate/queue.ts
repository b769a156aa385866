// One queue of the Moderate screen (the reported sites, or the reported
// projects): a heading, a status read out as it changes, and the list, each
// report with its Verify and Reject. The section's elements stay in place
// between drawings, so that the live status is heard and focus is kept.
import type { Decision } from '../api';
import { t, type MessageKey } from '../i18n';
import { h } from '../ui/dom';
import { decisionControls } from './decision';
import { collectReported, type Page, type Reported } from './walk';

/** How many reports a queue shows at once. */
const SHOWN = 30;

export interface QueueOptions<F extends Reported> {
  /** id of the list ("queue", "project-queue"); the other ids of the section start with it. */
  id: string;
  /** kind goes into the ids of each report's controls, so that a site and a project of the same id do not clash. */
  kind: 'site' | 'project';
  words: {
    title: MessageKey;
    lead: MessageKey;
    empty: MessageKey;
    saved: Record<Decision, MessageKey>;
    changed: MessageKey;
  };
  /** Whether the list API gives the newest first (see walk.ts). */
  newestFirst: boolean;
  fetchPage(code: string, cursor: string | undefined, signal: AbortSignal): Promise<Page<F>>;
  /** describe is what the report shows above its controls; its heading carries the id `titleId`. */
  describe(f: F, titleId: string): (Node | string)[];
  save(f: F, decision: Decision, reason: string): Promise<F>;
  current(f: F): Promise<F>;
  /** dataChanged tells the map that a decision changed the data. */
  dataChanged(): void;
}

export interface Queue {
  /** element is the section, made once. */
  readonly element: HTMLElement;
  /** load reads the queue of these oblasts again; a rejected `codes` is shown as the failure. */
  load(codes: Promise<string[]>, signal: AbortSignal): Promise<void>;
  /** render redraws the words (after a language switch) and the list. */
  render(): void;
}

export function queueSection<F extends Reported>(o: QueueOptions<F>): Queue {
  let items: F[] = [];
  let loading = true;
  let failure: string | null = null;
  let more = false;
  /** The saved notice of each report decided since the last load. */
  const decided = new Map<number, string>();

  const titleId = `${o.id}-title`;
  const heading = h('h2', '', { id: titleId });
  const lead = h('p', 'page__lead');
  const status = h('p', 'panel__status', { id: `${o.id}-status`, 'aria-live': 'polite' });
  const list = h('ol', 'queue', { id: o.id, 'aria-labelledby': titleId });
  const element = h('section', 'queue__section', { 'aria-labelledby': titleId }, heading, lead, status, list);

  const find = (id: number): HTMLElement | null => list.querySelector<HTMLElement>(`:scope > li[data-id="${id}"]`);

  const item = (f: F): HTMLLIElement => {
    const li = h('li', 'queue__item', { 'data-id': f.id });
    const itemTitle = `${o.id}-${f.id}-title`;
    li.append(...o.describe(f, itemTitle));
    const note = decided.get(f.id);
    if (note) {
      li.append(h('p', 'site-popup__notice', { role: 'status', tabindex: -1 }, note));
      return li;
    }
    li.append(
      decisionControls(
        { key: `${o.kind}-${f.id}`, verification: f.properties.verification, titleId: itemTitle },
        { save: (decision, reason) => o.save(f, decision, reason), current: () => o.current(f) },
        {
          onDecided: (_updated, decision) => {
            decided.set(f.id, t(o.words.saved[decision]));
            o.dataChanged();
            li.replaceWith(item(f));
            find(f.id)?.querySelector<HTMLElement>('.site-popup__notice')?.focus();
          },
          onStale: (current, why) => {
            const i = items.findIndex((s) => s.id === current.id);
            if (i >= 0) items[i] = current;
            const fresh = item(current);
            const notice = h('p', 'notice', { role: 'status', tabindex: -1 }, `${why} ${t(o.words.changed)}`);
            fresh.prepend(notice);
            li.replaceWith(fresh);
            notice.focus();
          },
        },
      ),
    );
    return li;
  };

  const render = (): void => {
    heading.textContent = t(o.words.title);
    lead.textContent = t(o.words.lead);
    status.textContent = loading
      ? t('panel.loading')
      : failure ?? (items.length ? t(more ? 'moderate.countMore' : 'moderate.count', { n: items.length }) : t(o.words.empty));
    list.replaceChildren(...items.map(item));
  };

  const load = async (codes: Promise<string[]>, signal: AbortSignal): Promise<void> => {
    loading = true;
    decided.clear();
    render();
    try {
      const walk = await collectReported(await codes, (code, cursor) => o.fetchPage(code, cursor, signal), {
        shown: SHOWN,
        newestFirst: o.newestFirst,
      });
      items = walk.items;
      more = walk.more;
      failure = null;
    } catch (err) {
      if (signal.aborted) return;
      failure = err instanceof Error ? err.message : String(err);
    }
    loading = false;
    render();
  };

  render();
  return { element, load, render };
}
