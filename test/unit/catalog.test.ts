import { ProviderCatalog } from '../../src/providers/catalog.js';
import type { Post, Provider } from '../../src/providers/provider.js';

// A publish forgets the page's cached lists while someone else's form may be loading them: that form must
// still get its lists (loaded afresh), never the cache's internal abort.

function providerWithSlowPosts(answers: Post[][], delayMs: number): { provider: Provider; calls: () => number } {
  let calls = 0;
  const provider = {
    id: 'pagerduty',
    name: 'PagerDuty',
    listOpenPosts: async () => {
      const answer = answers[Math.min(calls, answers.length - 1)]!;
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return answer;
    },
  } as unknown as Provider;
  return { provider, calls: () => calls };
}

const post = (title: string): Post => ({ id: title, title, kind: 'incident', url: null });

describe('ProviderCatalog', () => {
  it('gives a form whose load was cut short by forgetPage a fresh load instead of an error', async () => {
    const { provider, calls } = providerWithSlowPosts([[post('before the publish')], [post('after the publish')]], 30);
    const catalog = new ProviderCatalog([provider]);

    const loading = catalog.listOpenPosts('pagerduty', 'PAGE1');
    await new Promise((resolve) => setTimeout(resolve, 5));
    catalog.forgetPage('pagerduty', 'PAGE1');

    await expect(loading).resolves.toEqual([post('after the publish')]);
    expect(calls()).toBe(2);
  });

  it('still reports a provider failure that has nothing to do with forgetting', async () => {
    const provider = {
      id: 'pagerduty',
      name: 'PagerDuty',
      listOpenPosts: async () => {
        throw new Error('PagerDuty answered 500');
      },
    } as unknown as Provider;
    const catalog = new ProviderCatalog([provider]);

    await expect(catalog.listOpenPosts('pagerduty', 'PAGE1')).rejects.toThrow('PagerDuty answered 500');
  });

  it('serves a second form from the cache without asking the provider again', async () => {
    const { provider, calls } = providerWithSlowPosts([[post('only')]], 1);
    const catalog = new ProviderCatalog([provider]);

    await catalog.listOpenPosts('pagerduty', 'PAGE1');
    await catalog.listOpenPosts('pagerduty', 'PAGE1');

    expect(calls()).toBe(1);
  });
});
