// Every screen has an address of its own, read back the same.
import { describe, expect, it } from 'vitest';
import { href, parseRoute, routePath, type Route } from '../router';

describe('routes', () => {
  const routes: Route[] = [
    { name: 'explore' },
    { name: 'project', id: 57 },
    { name: 'oblast', code: 'UA63000000000041885' },
    { name: 'hromada', code: 'UA63120270000028556' },
    { name: 'report' },
    { name: 'fund' },
    { name: 'moderate' },
    { name: 'data' },
  ];
  it.each(routes)('reads back the path of $name', (r) => {
    expect(parseRoute(routePath(r))).toEqual(r);
  });

  it('ignores a trailing slash', () => {
    expect(parseRoute('/projects/57/')).toEqual({ name: 'project', id: 57 });
  });

  it('says "not found" for anything else', () => {
    for (const p of ['/projects/abc', '/projects/0', '/oblasts/UA63', '/admin', '/projects/1/2']) {
      expect(parseRoute(p)).toEqual({ name: 'notfound' });
    }
  });

  it('links in the page’s language', () => {
    expect(href({ name: 'project', id: 5 }, 'en')).toBe('/projects/5?lang=en');
    expect(href({ name: 'explore' }, 'uk', 'oblast=UA63000000000041885')).toBe('/?lang=uk#oblast=UA63000000000041885');
  });
});
