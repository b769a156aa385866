// Moderate: the reported sites in the moderator's oblasts, oldest report
// first, each with the same Verify and Reject the map's popup offers.
import { currentUser } from '../account/session';
import { fetchOblasts, fetchSites, nextCursor, type SiteFeature } from '../api';
import { formatDate, formatMoney, lang, pick, t, type MessageKey } from '../i18n';
import { href } from '../router';
import type { Screen, ScreenContext } from '../screen';
import { moderationControls } from '../site/moderation';
import { siteTitle } from '../site/popup';
import { h } from '../ui/dom';

/** How many reports the queue shows at once. */
const SHOWN = 30;

export function mount(root: HTMLElement, _route: unknown, ctx: ScreenContext): Screen {
  const ctrl = new AbortController();
  let queue: SiteFeature[] = [];
  let loading = true;
  let failure: string | null = null;
  let more = false;
  const decided = new Map<number, string>();

  /** load walks the moderator's oblasts, page by page, keeping the reports that wait for a decision. */
  const load = async (): Promise<void> => {
    const u = currentUser();
    if (!u || (u.role !== 'moderator' && u.role !== 'admin')) return;
    loading = true;
    render();
    try {
      const codes = u.role === 'admin' ? (await fetchOblasts(5, ctrl.signal)).features.map((f) => f.properties.code) : u.oblast_codes;
      const found: SiteFeature[] = [];
      more = false;
      for (const code of codes) {
        let cursor: string | undefined;
        do {
          const page = await fetchSites({ oblast: code, limit: 500, cursor }, ctrl.signal);
          found.push(...page.features.filter((f) => f.properties.verification === 'reported'));
          cursor = nextCursor(page.links) ?? undefined;
        } while (cursor && found.length < SHOWN * 2);
        if (found.length >= SHOWN * 2) {
          more = true;
          break;
        }
      }
      found.sort((a, b) => a.properties.created_at.localeCompare(b.properties.created_at) || a.id - b.id);
      queue = found.slice(0, SHOWN);
      more ||= found.length > SHOWN;
      failure = null;
    } catch (err) {
      if (ctrl.signal.aborted) return;
      failure = err instanceof Error ? err.message : String(err);
    }
    loading = false;
    render();
  };

  const item = (site: SiteFeature): HTMLLIElement => {
    const p = site.properties;
    const g = site.geometry;
    const [lon, lat] = (g.type === 'Point' ? g.coordinates : g.coordinates[0]![0]!) as [number, number];
    const li = h('li', 'queue__item', { 'data-id': site.id });
    const titleId = `queue-${site.id}`;
    const dl = h('dl', 'queue__facts');
    const row = (label: string, value: string): void => {
      dl.append(h('dt', '', {}, label), h('dd', '', {}, value));
    };
    row(t('popup.category'), t(`category.${p.category}` as MessageKey));
    row(t('popup.damage'), t(`damage.${p.damage}` as MessageKey));
    row(t('popup.hromada'), pick(p.hromada_name_uk, p.hromada_name_en) || t('popup.unknown'));
    row(t('popup.date'), p.damaged_on ? formatDate(p.damaged_on) : t('popup.unknown'));
    if (p.estimated_cost) row(t('popup.cost'), formatMoney(p.estimated_cost.amount_minor, p.estimated_cost.currency));
    li.append(
      h('h2', 'queue__title', { id: titleId }, siteTitle(p)),
      dl,
      p.description ? h('p', 'queue__description', {}, p.description) : '',
      h('p', '', {}, h('a', '', { href: `${href({ name: 'explore' }, lang())}#map=17/${lat.toFixed(5)}/${lon.toFixed(5)}` }, t('moderation.onMap'))),
    );
    const note = decided.get(site.id);
    if (note) {
      li.append(h('p', 'site-popup__notice', { role: 'status' }, note));
      return li;
    }
    li.append(
      moderationControls(site, {
        onDecided: (_updated, decision) => {
          decided.set(site.id, t(decision === 'verified' ? 'moderation.saved.verified' : 'moderation.saved.rejected'));
          ctx.dataChanged();
          li.replaceWith(item(site));
          document.querySelector<HTMLElement>(`li[data-id="${site.id}"] .site-popup__notice`)?.focus();
        },
        onStale: (current, why) => {
          const i = queue.findIndex((s) => s.id === current.id);
          if (i >= 0) queue[i] = current;
          const fresh = item(current);
          fresh.prepend(h('p', 'notice', { role: 'status' }, `${why} ${t('moderation.changed')}`));
          li.replaceWith(fresh);
        },
      }),
    );
    return li;
  };

  const render = (): void => {
    const u = currentUser();
    const title = h('h1', 'page__title', {}, t('moderate.title'));
    if (!u || (u.role !== 'moderator' && u.role !== 'admin')) {
      root.replaceChildren(title, h('p', 'notice', { id: 'moderate-signin' }, t('moderate.signIn')));
      return;
    }
    const status = h('p', 'panel__status', { id: 'queue-status', 'aria-live': 'polite' });
    status.textContent = loading ? t('panel.loading') : failure ?? (queue.length ? t(more ? 'moderate.countMore' : 'moderate.count', { n: queue.length }) : t('moderate.empty'));
    const list = h('ol', 'queue', { id: 'queue' }, ...queue.map(item));
    const reload = h('button', 'button', { type: 'button', id: 'queue-reload' }, t('moderate.reload'));
    reload.addEventListener('click', () => {
      decided.clear();
      void load();
    });
    root.replaceChildren(title, h('p', 'page__lead', {}, t('moderate.lead')), status, list, reload);
  };

  render();
  void load();
  return {
    render,
    accountChanged: () => void load().then(render),
    destroy: () => {
      ctrl.abort();
      root.replaceChildren();
    },
  };
}
