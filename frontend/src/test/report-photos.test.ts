// A report's photos: which are kept in memory, which names the draft
// remembers, and what survives a reload (the site made, not the files).
import { describe, expect, it } from 'vitest';
import { MAX_PHOTOS, MAX_PHOTO_BYTES, addPhotos, emptyDraft, loadDraft, photoNamesOf, saveDraft } from '../report/draft';

function memory(): Pick<Storage, 'getItem' | 'setItem'> {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) };
}

const photo = (name: string, size = 1000): File => new File([new Uint8Array(size)], name, { type: 'image/jpeg', lastModified: 1_700_000_000_000 });

describe('the photos of a report', () => {
  it('are added once each, and no more than a site keeps', () => {
    const a = photo('a.jpg');
    let got = addPhotos([], [a, photo('b.jpg'), a]);
    expect(got.chosen.map((c) => c.file.name)).toEqual(['a.jpg', 'b.jpg']);
    expect(got.tooMany).toBe(false);
    got = addPhotos(got.chosen, Array.from({ length: MAX_PHOTOS }, (_, i) => photo(`${i}.jpg`)));
    expect(got.chosen).toHaveLength(MAX_PHOTOS);
    expect(got.tooMany).toBe(true);
  });

  it('marks a photo larger than the server takes, before it is sent', () => {
    const got = addPhotos([], [photo('big.jpg', MAX_PHOTO_BYTES + 1), photo('ok.jpg')]);
    expect(got.chosen.map((c) => Boolean(c.tooLarge))).toEqual([true, false]);
  });

  it('leave their names, not their files, in the draft, until they are sent', () => {
    const chosen = addPhotos([], [photo('a.jpg'), photo('b.jpg')]).chosen;
    chosen[0]!.sent = true;
    expect(photoNamesOf(chosen)).toEqual(['b.jpg']);
  });

  it('go to the site already made after a reload', () => {
    const store = memory();
    saveDraft({ ...emptyDraft(), siteId: 42, photoNames: ['b.jpg'] }, store);
    const back = loadDraft(store);
    expect(back.siteId).toBe(42);
    expect(back.photoNames).toEqual(['b.jpg']);
  });

  it('read a draft of an older page, or a broken one, as none sent and none chosen', () => {
    const store = memory();
    store.setItem('vidbudova.report', JSON.stringify({ key: 'k1', name: 'Школа' }));
    expect(loadDraft(store)).toMatchObject({ key: 'k1', name: 'Школа', siteId: null, photoNames: [] });
    store.setItem('vidbudova.report', JSON.stringify({ key: 'k2', siteId: 'x', photoNames: 'a.jpg' }));
    expect(loadDraft(store)).toMatchObject({ siteId: null, photoNames: [] });
  });
});
