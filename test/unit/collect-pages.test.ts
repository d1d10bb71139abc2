import { describe, expect, it } from '@jest/globals';
import { collectPages } from '../../src/providers/collect-pages.js';

describe('collectPages', () => {
  it('reads pages until the provider says there are no more, passing the offset reached', async () => {
    const seen: [number, number][] = [];
    const items = await collectPages(async (pageIndex, collected) => {
      seen.push([pageIndex, collected]);
      return { items: pageIndex < 2 ? [`a${pageIndex}`, `b${pageIndex}`] : ['last'], more: pageIndex < 2 };
    });
    expect(items).toEqual(['a0', 'b0', 'a1', 'b1', 'last']);
    expect(seen).toEqual([
      [0, 0],
      [1, 2],
      [2, 4],
    ]);
  });

  it('stops at an empty page even when the provider says "more"', async () => {
    expect(await collectPages(async (pageIndex) => ({ items: pageIndex === 0 ? [1] : [], more: true }))).toEqual([1]);
  });

  it('refuses to read forever', async () => {
    await expect(collectPages(async () => ({ items: [1], more: true }), 5)).rejects.toThrow('did not end after 5 pages');
  });
});
