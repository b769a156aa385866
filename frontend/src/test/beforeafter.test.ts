// Before and after on a project's page: which photos go on which side.
import { describe, expect, it } from 'vitest';
import type { Photo, ProgressUpdate } from '../project/api';
import { pickBeforeAfter, type SiteWithPhotos } from '../project/beforeafter';

const photo = (id: number): Photo => ({ id, width: 1600, height: 1200, thumb_width: 320, thumb_height: 240, href: `/p/${id}.jpg`, thumb_href: `/p/${id}t.jpg` });

const site = (id: number, name: string, photos?: Photo[]): SiteWithPhotos =>
  ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [36.2, 50] }, properties: { name, photos } }) as unknown as SiteWithPhotos;

const update = (id: number, date: string, photos: Photo[]): ProgressUpdate => ({ id, date, photos }) as unknown as ProgressUpdate;

describe('pickBeforeAfter', () => {
  it('puts each site’s own photos before, and the newest update with photos after', () => {
    const got = pickBeforeAfter(
      [site(1, 'Школа №5', [photo(1), photo(2)]), site(2, 'Клуб'), site(3, 'Амбулаторія', [photo(3)])],
      [update(10, '2026-05-01', []), update(11, '2026-03-01', [photo(11)]), update(12, '2026-04-01', [photo(12), photo(13)])],
    );
    expect(got.before.map((s) => [s.name, s.photos.map((p) => p.id)])).toEqual([
      ['Школа №5', [1, 2]],
      ['Амбулаторія', [3]],
    ]);
    // May's update has no photos: April's are the latest that show the work.
    expect(got.after).toEqual({ date: '2026-04-01', photos: [photo(12), photo(13)] });
  });

  it('leaves a side empty when it has nothing to show', () => {
    expect(pickBeforeAfter([site(1, 'Школа')], [update(1, '2026-01-01', [])])).toEqual({ before: [], after: null });
  });
});
