// The fake PagerDuty's memory: status pages with their own statuses, severities, impacts and
// services, posts and post updates. Tests seed it and inspect it directly; the server reads and
// writes it as the real API would.

export type FakePostType = 'incident' | 'maintenance';
export type FakeRecordKind = 'statuses' | 'severities' | 'impacts';

export interface FakeStatusPage {
  id: string;
  name: string;
  url: string;
  statusPageType: 'public' | 'private' | 'audience_specific';
  publishedAt: string | null;
}

/** A status, severity or impact: a per-page record with an opaque id and a description. */
export interface FakeRecord {
  id: string;
  pageId: string;
  postType: FakePostType;
  description: string;
}

export interface FakeService {
  id: string;
  pageId: string;
  name: string;
}

export interface FakePost {
  id: string;
  pageId: string;
  title: string;
  postType: FakePostType;
  /** The status of the latest update: what `status[]` filters on. */
  statusId: string;
  startsAt: string | null;
  endsAt: string | null;
}

export interface FakePostUpdate {
  id: string;
  pageId: string;
  postId: string;
  message: string;
  statusId: string;
  severityId: string;
  impactedServices: { serviceId: string; impactId: string }[];
  notifySubscribers: boolean;
  updateFrequencyMs: number | null;
  reportedAt: string;
}

export const DEFAULT_RECORDS: Record<FakeRecordKind, Record<FakePostType, string[]>> = {
  statuses: {
    incident: ['investigating', 'identified', 'monitoring', 'resolved'],
    maintenance: ['scheduled', 'in_progress', 'completed'],
  },
  severities: { incident: ['all good', 'minor', 'major'], maintenance: ['all good', 'minor', 'major'] },
  impacts: {
    incident: ['operational', 'partial outage', 'major outage'],
    maintenance: ['operational', 'partial outage', 'major outage'],
  },
};

/** Ids of the default dataset, keyed by description (spaces and underscores as camelCase). */
export interface DefaultSeed {
  pageId: string;
  pageUrl: string;
  incidentPostId: string;
  maintenancePostId: string;
  /** A resolved incident: never among the open posts. */
  resolvedPostId: string;
  serviceIds: string[];
  statuses: Record<FakePostType, Record<string, string>>;
  severities: Record<FakePostType, Record<string, string>>;
  impacts: Record<FakePostType, Record<string, string>>;
}

export interface LargeSeed {
  pageId: string;
  serviceIds: string[];
  postIds: string[];
}

export class FakePagerDutyState {
  readonly pages = new Map<string, FakeStatusPage>();
  readonly records: Record<FakeRecordKind, FakeRecord[]> = { statuses: [], severities: [], impacts: [] };
  readonly services: FakeService[] = [];
  readonly posts = new Map<string, FakePost>();
  readonly updates: FakePostUpdate[] = [];
  private counter = 0;

  /** Opaque PagerDuty-looking ids (`P0X3K9Q`): a bijection of a counter, so never repeated. */
  nextId(): string {
    this.counter += 1;
    return `P${((this.counter * 2654435761) % 36 ** 6).toString(36).toUpperCase().padStart(6, '0')}`;
  }

  addPage(page: {
    name: string;
    url?: string;
    statusPageType?: FakeStatusPage['statusPageType'];
    withDefaultRecords?: boolean;
  }): FakeStatusPage {
    const id = this.nextId();
    const created: FakeStatusPage = {
      id,
      name: page.name,
      url: page.url ?? `https://status-${id.toLowerCase()}.acme.test`,
      statusPageType: page.statusPageType ?? 'public',
      publishedAt: '2024-01-02T03:04:05.000Z',
    };
    this.pages.set(id, created);
    if (page.withDefaultRecords !== false) {
      for (const kind of Object.keys(DEFAULT_RECORDS) as FakeRecordKind[]) {
        for (const postType of ['incident', 'maintenance'] as const) {
          for (const description of DEFAULT_RECORDS[kind][postType]) this.addRecord(kind, id, postType, description);
        }
      }
    }
    return created;
  }

  addRecord(kind: FakeRecordKind, pageId: string, postType: FakePostType, description: string): FakeRecord {
    const record = { id: this.nextId(), pageId, postType, description };
    this.records[kind].push(record);
    return record;
  }

  addService(pageId: string, name: string): FakeService {
    const service = { id: this.nextId(), pageId, name };
    this.services.push(service);
    return service;
  }

  /** A post always starts with one update (PagerDuty requires it), in the given or first status. */
  addPost(pageId: string, post: { title: string; postType?: FakePostType; status?: string; message?: string }): FakePost {
    const postType = post.postType ?? 'incident';
    const status = this.findRecord('statuses', pageId, postType, post.status) ?? this.recordsOf('statuses', pageId, postType)[0];
    const severity = this.recordsOf('severities', pageId, postType)[0];
    if (!status || !severity) throw new Error(`page ${pageId} has no ${postType} statuses or severities to start a post with`);
    const maintenance = postType === 'maintenance';
    const created: FakePost = {
      id: this.nextId(),
      pageId,
      title: post.title,
      postType,
      statusId: status.id,
      startsAt: maintenance ? '2030-01-01T02:00:00.000Z' : null,
      endsAt: maintenance ? '2030-01-01T04:00:00.000Z' : null,
    };
    this.posts.set(created.id, created);
    this.addUpdate({
      pageId,
      postId: created.id,
      message: `<p>${post.message ?? post.title}</p>`,
      statusId: status.id,
      severityId: severity.id,
      impactedServices: [],
      notifySubscribers: false,
      updateFrequencyMs: null,
      reportedAt: '2024-05-06T07:00:00.000Z',
    });
    return created;
  }

  addUpdate(update: Omit<FakePostUpdate, 'id'>): FakePostUpdate {
    const created = { id: this.nextId(), ...update };
    this.updates.push(created);
    const post = this.posts.get(update.postId);
    if (post) post.statusId = update.statusId;
    return created;
  }

  updatesOf(postId: string): FakePostUpdate[] {
    return this.updates.filter((update) => update.postId === postId);
  }

  recordsOf(kind: FakeRecordKind, pageId: string, postType?: FakePostType): FakeRecord[] {
    return this.records[kind].filter((record) => record.pageId === pageId && (!postType || record.postType === postType));
  }

  /** By id or by description. */
  findRecord(kind: FakeRecordKind, pageId: string, postType: FakePostType, idOrDescription: string | undefined): FakeRecord | undefined {
    if (idOrDescription === undefined) return undefined;
    return this.recordsOf(kind, pageId, postType).find((record) => record.id === idOrDescription || record.description === idOrDescription);
  }

  servicesOf(pageId: string): FakeService[] {
    return this.services.filter((service) => service.pageId === pageId);
  }

  postsOf(pageId: string): FakePost[] {
    return [...this.posts.values()].filter((post) => post.pageId === pageId);
  }

  /** "Acme Status" with an open incident, an open maintenance, a resolved incident and three services. */
  seedDefault(): DefaultSeed {
    const page = this.addPage({ name: 'Acme Status', url: 'https://status.acme.test' });
    const serviceIds = ['API', 'Dashboard', 'Webhooks'].map((name) => this.addService(page.id, name).id);
    const incident = this.addPost(page.id, {
      title: 'Elevated API errors',
      postType: 'incident',
      status: 'investigating',
    });
    const maintenance = this.addPost(page.id, {
      title: 'Database upgrade',
      postType: 'maintenance',
      status: 'scheduled',
    });
    const resolved = this.addPost(page.id, { title: 'Webhook delays', postType: 'incident', status: 'resolved' });
    const idsOf = (kind: FakeRecordKind) => ({
      incident: this.idsByDescription(kind, page.id, 'incident'),
      maintenance: this.idsByDescription(kind, page.id, 'maintenance'),
    });
    return {
      pageId: page.id,
      pageUrl: page.url,
      incidentPostId: incident.id,
      maintenancePostId: maintenance.id,
      resolvedPostId: resolved.id,
      serviceIds,
      statuses: idsOf('statuses'),
      severities: idsOf('severities'),
      impacts: idsOf('impacts'),
    };
  }

  /** A page big enough to make pagination and benchmarks honest. */
  seedLarge(size: { services: number; posts: number; name?: string }): LargeSeed {
    const page = this.addPage({ name: size.name ?? 'Large Status' });
    const serviceIds = Array.from({ length: size.services }, (_, i) => this.addService(page.id, `Service ${i + 1}`).id);
    const postIds = Array.from(
      { length: size.posts },
      (_, i) => this.addPost(page.id, { title: `Post ${i + 1}`, postType: i % 5 === 4 ? 'maintenance' : 'incident' }).id,
    );
    return { pageId: page.id, serviceIds, postIds };
  }

  private idsByDescription(kind: FakeRecordKind, pageId: string, postType: FakePostType): Record<string, string> {
    return Object.fromEntries(this.recordsOf(kind, pageId, postType).map((record) => [camelCase(record.description), record.id]));
  }
}

function camelCase(description: string): string {
  return description.replace(/[ _]+(\w)/g, (_, letter: string) => letter.toUpperCase());
}
