// Every provider pages its lists differently (PagerDuty limit/offset/more, DevHelm page/size/hasNext,
// Statuspage page/per_page with bare arrays); the loop that reads them all is the same.

export interface ListPage<T> {
  items: T[];
  /** The provider says (or, for bare arrays, a full page suggests) that more follow. */
  more: boolean;
}

/** Far beyond any real status page: a provider that says "more" forever must not hang a worker. */
const DEFAULT_MAX_PAGES = 200;

/**
 * Fetches page 0, 1, 2, ... until the provider says there is no more or answers an empty page.
 * `collected` (items so far) is the right offset even when a provider returns fewer than asked.
 * Throws when `maxPages` pages were read and the provider still says there is more.
 */
export async function collectPages<T>(
  fetchPage: (pageIndex: number, collected: number) => Promise<ListPage<T>>,
  maxPages: number = DEFAULT_MAX_PAGES,
): Promise<T[]> {
  const all: T[] = [];
  for (let pageIndex = 0; pageIndex < maxPages; pageIndex++) {
    const { items, more } = await fetchPage(pageIndex, all.length);
    all.push(...items);
    if (!more || items.length === 0) return all;
  }
  throw new Error(`The list did not end after ${maxPages} pages`);
}
