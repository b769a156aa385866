// A project's lifecycle and milestones as a timeline: an ordered list, so
// a screen reader hears the steps in order and which one is current.
import type { ProjectState } from '../api';
import { formatDate, t, type MessageKey } from '../i18n';
import { h } from '../ui/dom';
import type { ProjectProperties } from './api';

const PATH: ProjectState[] = ['draft', 'seeking_funding', 'funded', 'in_progress', 'completed'];

export function timelineSection(p: ProjectProperties): HTMLElement {
  const section = h('section', 'timeline', { id: 'timeline', 'aria-labelledby': 'timeline-title' }, h('h2', '', { id: 'timeline-title' }, t('timeline.title')));
  const off = p.state === 'suspended' || p.state === 'cancelled';
  const at = PATH.indexOf(p.state);
  const steps = h('ol', 'timeline__steps', { id: 'lifecycle' });
  PATH.forEach((s, i) => {
    const status = off ? 'off' : i < at ? 'done' : i === at ? 'current' : 'next';
    const li = h('li', `timeline__step timeline__step--${status}`, { 'data-state': s, 'aria-current': status === 'current' ? 'step' : null });
    li.append(h('span', 'timeline__name', {}, t(`state.${s}` as MessageKey)), h('span', 'visually-hidden', {}, ` (${t(`timeline.${status}` as MessageKey)})`));
    steps.append(li);
  });
  section.append(steps);
  if (off) section.append(h('p', 'notice', {}, t('timeline.off', { state: t(`state.${p.state}` as MessageKey) })));

  const dates = h('dl', 'timeline__dates');
  const date = (label: MessageKey, v: string | null): void => {
    if (v) dates.append(h('dt', '', {}, t(label)), h('dd', '', {}, formatDate(v)));
  };
  date('timeline.plannedStart', p.planned_start);
  date('timeline.plannedEnd', p.planned_end);
  date('timeline.actualStart', p.actual_start);
  date('timeline.actualEnd', p.actual_end);
  if (dates.childElementCount) section.append(dates);

  section.append(h('h3', '', {}, t('timeline.milestones')));
  if (!p.milestones.length) {
    section.append(h('p', '', {}, t('timeline.noMilestones')));
  } else {
    const ms = h('ol', 'timeline__milestones', { id: 'milestones' });
    for (const m of p.milestones) {
      const when = m.done_on
        ? t('timeline.doneOn', { date: formatDate(m.done_on) })
        : m.due_on
          ? t('timeline.dueOn', { date: formatDate(m.due_on) })
          : '';
      ms.append(h('li', `timeline__milestone${m.done_on ? ' timeline__milestone--done' : ''}`, {}, h('span', '', {}, m.title), when ? h('span', 'timeline__when', {}, ` — ${when}`) : ''));
    }
    section.append(ms);
  }
  return section;
}
