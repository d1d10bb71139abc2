import type { PostOptions } from '../../src/providers/provider.js';
import { componentsAfterUpdate, isOperational, mergeWithPage } from '../../src/summary/components-as-shown.js';

// The services the channel lists for an update: the page's own state where the page keeps components
// (Statuspage, DevHelm), the update's list where every update lists them all (PagerDuty).

const page: PostOptions = {
  statuses: [],
  severities: [],
  impacts: [
    { id: 'operational', label: 'Operational' },
    { id: 'partial_outage', label: 'Partial outage' },
    { id: 'major_outage', label: 'Major outage' },
  ],
  components: [
    { id: 'api', name: 'API', currentImpactId: 'operational' },
    { id: 'dashboard', name: 'Dashboard', currentImpactId: 'partial_outage' },
    { id: 'webhooks', name: 'Webhooks', currentImpactId: null },
  ],
};

const change = (id: string, label: string, impactId: string, impactLabel: string) => ({
  component: { id, label },
  impact: { id: impactId, label: impactLabel },
});

describe('componentsAfterUpdate', () => {
  it('without the page, is what the update set', () => {
    expect(componentsAfterUpdate({ impacts: [change('api', 'API', 'major_outage', 'Major outage')] }, undefined)).toEqual([
      { id: 'api', label: 'API', state: 'Major outage' },
    ]);
    expect(componentsAfterUpdate({ impacts: [] }, undefined)).toEqual([]);
  });

  it('an update that changes nothing still shows a component the page keeps at Partial outage', () => {
    expect(componentsAfterUpdate({ impacts: [] }, page)).toEqual([{ id: 'dashboard', label: 'Dashboard', state: 'Partial outage' }]);
  });

  it("the update's changes come first and win over a read from just before they landed", () => {
    const impacts = [change('api', 'API', 'major_outage', 'Major outage'), change('dashboard', 'Dashboard', 'operational', 'Operational')];
    expect(componentsAfterUpdate({ impacts }, page)).toEqual([
      { id: 'api', label: 'API', state: 'Major outage' },
      { id: 'dashboard', label: 'Dashboard', state: 'Operational' },
    ]);
  });
});

describe('mergeWithPage', () => {
  it('brings what our updates set up to date with the page, and adds what the page shows affected', () => {
    const known = [{ id: 'api', label: 'API', state: 'Major outage' }];
    expect(mergeWithPage(known, page)).toEqual([
      { id: 'api', label: 'API', state: 'Operational' },
      { id: 'dashboard', label: 'Dashboard', state: 'Partial outage' },
    ]);
  });
});

describe('isOperational', () => {
  it.each([
    [{ id: 'operational', label: 'Operational' }, true],
    [{ id: 'OPERATIONAL', label: 'Operational' }, true],
    [{ id: 'x1', label: ' operational ' }, true],
    [{ id: 'partial_outage', label: 'Partial outage' }, false],
  ])('%j -> %s', (choice, expected) => {
    expect(isOperational(choice)).toBe(expected);
  });
});
