// Moderate: what waits for a decision in the moderator's oblasts, oldest
// report first — the reported sites, each with the same Verify and Reject
// the map's popup offers, and the reported projects. Both queues share the
// walk (walk.ts), the section (queue.ts) and the controls (decision.ts).
import { currentUser } from '../account/session';
import { fetchOblasts, fetchSite, fetchSites, nextCursor, verifyProject, verifySite, type SiteFeature } from '../api';
import { formatDate, formatMoney, lang, pick, t, type MessageKey } from '../i18n';
import { fetchProject, fetchProjects, type ProjectListItem } from '../project/api';
import { href } from '../router';
import type { Screen, ScreenContext } from '../screen';
import { siteTitle } from '../site/popup';
import { h } from '../ui/dom';
import { queueSection } from './queue';

/** facts is the list of a report's facts, label and value. */
function facts(rows: [string, string][]): HTMLDListElement {
  const dl = h('dl', 'queue__facts');
  for (const [label, value] of rows) dl.append(h('dt', '', {}, label), h('dd', '', {}, value));
  return dl;
}

function describeSite(site: SiteFeature, titleId: string): (Node | string)[] {
  const p = site.properties;
  const g = site.geometry;
  const [lon, lat] = (g.type === 'Point' ? g.coordinates : g.coordinates[0]![0]!) as [number, number];
  const rows: [string, string][] = [
    [t('popup.category'), t(`category.${p.category}` as MessageKey)],
    [t('popup.damage'), t(`damage.${p.damage}` as MessageKey)],
    [t('popup.hromada'), pick(p.hromada_name_uk, p.hromada_name_en) || t('popup.unknown')],
    [t('popup.date'), p.damaged_on ? formatDate(p.damaged_on) : t('popup.unknown')],
  ];
  if (p.estimated_cost) rows.push([t('popup.cost'), formatMoney(p.estimated_cost.amount_minor, p.estimated_cost.currency)]);
  const onMap = `${href({ name: 'explore' }, lang())}#map=17/${lat.toFixed(5)}/${lon.toFixed(5)}`;
  return [
    h('h3', 'queue__title', { id: titleId }, siteTitle(p)),
    facts(rows),
    p.description ? h('p', 'queue__description', {}, p.description) : '',
    h('p', '', {}, h('a', '', { href: onMap, 'aria-describedby': titleId }, t('moderation.onMap'))),
  ];
}

function describeProject(project: ProjectListItem, titleId: string): (Node | string)[] {
  const p = project.properties;
  const rows: [string, string][] = [
    [t('popup.hromada'), pick(p.hromada_name_uk, p.hromada_name_en) || t('popup.unknown')],
    [t('project.sector'), t(`category.${p.sector}` as MessageKey)],
    [t('project.budget'), p.budget ? formatMoney(p.budget.amount_minor, p.budget.currency) : t('popup.unknown')],
    [t('project.state'), t(`state.${p.state}` as MessageKey)],
  ];
  // The title is the link to the project's page: one link per project, named by what it opens.
  return [
    h('h3', 'queue__title', { id: titleId }, h('a', 'queue__link', { href: href({ name: 'project', id: project.id }, lang()) }, p.title)),
    facts(rows),
  ];
}

export function mount(root: HTMLElement, _route: unknown, ctx: ScreenContext): Screen {
  const ctrl = new AbortController();
  const dataChanged = (): void => ctx.dataChanged();

  const sites = queueSection<SiteFeature>({
    id: 'queue',
    kind: 'site',
    words: {
      title: 'moderate.sites.title',
      lead: 'moderate.lead',
      empty: 'moderate.empty',
      saved: { verified: 'moderation.saved.verified', rejected: 'moderation.saved.rejected' },
      changed: 'moderation.changed',
    },
    newestFirst: false,
    fetchPage: async (code, cursor, signal) => {
      const page = await fetchSites({ oblast: code, limit: 500, cursor }, signal);
      return { features: page.features, next: nextCursor(page.links) };
    },
    describe: describeSite,
    save: (site, decision, reason) => verifySite(site.id, site.properties.version, decision, reason),
    current: (site) => fetchSite(site.id),
    dataChanged,
  });

  // GET /projects has no verification filter (api/openapi.yaml, internal/httpapi/project.go):
  // the queue keeps the reported ones of each oblast's pages, newest first as the list gives them.
  const projects = queueSection<ProjectListItem>({
    id: 'project-queue',
    kind: 'project',
    words: {
      title: 'moderate.projects.title',
      lead: 'moderate.projects.lead',
      empty: 'moderate.projects.empty',
      saved: { verified: 'moderate.projects.verified', rejected: 'moderate.projects.rejected' },
      changed: 'moderate.projects.changed',
    },
    newestFirst: true,
    fetchPage: async (code, cursor, signal) => {
      const page = await fetchProjects({ oblast: code, limit: 1000, cursor }, signal);
      return { features: page.features, next: nextCursor(page.links) };
    },
    describe: describeProject,
    save: async (project, decision, reason) =>
      (await verifyProject(project.id, project.properties.version, decision, reason)) as ProjectListItem,
    current: (project) => fetchProject(project.id),
    dataChanged,
  });

  const title = h('h1', 'page__title');
  const signInNote = h('p', 'notice', { id: 'moderate-signin' });
  const reload = h('button', 'button', { type: 'button', id: 'queue-reload' });

  const mayModerate = (): boolean => {
    const u = currentUser();
    return !!u && (u.role === 'moderator' || u.role === 'admin');
  };

  /** load reads both queues of the moderator's oblasts (an admin's are all of them). */
  const load = async (): Promise<void> => {
    const u = currentUser();
    render();
    if (!u || !mayModerate()) return;
    const codes = u.role === 'admin' ? fetchOblasts(ctrl.signal).then((fc) => fc.features.map((f) => f.properties.code)) : Promise.resolve(u.oblast_codes);
    codes.catch(() => {}); // each queue shows the failure itself
    await Promise.all([sites.load(codes, ctrl.signal), projects.load(codes, ctrl.signal)]);
  };
  reload.addEventListener('click', () => void load());

  function render(): void {
    title.textContent = t('moderate.title');
    if (!mayModerate()) {
      signInNote.textContent = t('moderate.signIn');
      root.replaceChildren(title, signInNote);
      return;
    }
    reload.textContent = t('moderate.reload');
    sites.render();
    projects.render();
    if (!root.contains(sites.element)) root.replaceChildren(title, sites.element, projects.element, reload);
  }

  void load();
  return {
    render,
    accountChanged: () => void load(),
    destroy: () => {
      ctrl.abort();
      root.replaceChildren();
    },
  };
}
