import { randomUUID } from 'node:crypto';

// The fake DevHelm's memory: status pages, their components (each with its current status), incidents
// with their affected components and timeline of updates. Tests seed it and inspect it directly; the
// server reads and writes it as the real API would.

export type FakeDevHelmStatus = 'INVESTIGATING' | 'IDENTIFIED' | 'MONITORING' | 'RESOLVED';
export type FakeComponentStatus = 'OPERATIONAL' | 'DEGRADED_PERFORMANCE' | 'PARTIAL_OUTAGE' | 'MAJOR_OUTAGE' | 'UNDER_MAINTENANCE';

export interface FakeDevHelmPage {
  id: string;
  name: string;
  slug: string;
  createdAt: string;
}

export interface FakeDevHelmComponent {
  id: string;
  pageId: string;
  name: string;
  type: 'STATIC' | 'GROUP' | 'MONITOR';
  groupId: string | null;
  currentStatus: FakeComponentStatus;
  displayOrder: number;
}

export interface FakeDevHelmUpdate {
  id: string;
  status: FakeDevHelmStatus;
  body: string;
  notifySubscribers: boolean;
  createdAt: string;
}

export interface FakeDevHelmIncident {
  id: string;
  pageId: string;
  title: string;
  status: FakeDevHelmStatus;
  impact: 'NONE' | 'MINOR' | 'MAJOR' | 'CRITICAL';
  scheduled: boolean;
  scheduledFor: string | null;
  scheduledUntil: string | null;
  autoResolve: boolean;
  /** Null while a page in review mode holds it as a draft. */
  publishedAt: string | null;
  affectedComponents: { componentId: string; status: FakeComponentStatus }[];
  updates: FakeDevHelmUpdate[];
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
}

export interface DevHelmSeed {
  pageId: string;
  incidentId: string;
  maintenanceId: string;
  resolvedId: string;
  /** By name: API, Dashboard (degraded, affected by the incident), Webhooks. */
  componentIds: Record<'api' | 'dashboard' | 'webhooks', string>;
  groupId: string;
}

export class FakeDevHelmState {
  readonly pages = new Map<string, FakeDevHelmPage>();
  readonly components: FakeDevHelmComponent[] = [];
  readonly incidents = new Map<string, FakeDevHelmIncident>();
  /** Windows of the maintenance resource (newer servers): incidents' shape, kept apart as the real API keeps them. */
  readonly windows = new Map<string, FakeDevHelmIncident>();
  /** Advances a millisecond per record, so timelines order the way they were written. */
  private clock = Date.parse('2024-05-06T07:00:00.000Z');

  now(): string {
    this.clock = Math.max(this.clock + 1, Date.now());
    return new Date(this.clock).toISOString();
  }

  addPage(name: string, slug: string): FakeDevHelmPage {
    const page = { id: randomUUID(), name, slug, createdAt: this.now() };
    this.pages.set(page.id, page);
    return page;
  }

  addComponent(
    pageId: string,
    name: string,
    options: Partial<Pick<FakeDevHelmComponent, 'type' | 'groupId' | 'currentStatus'>> = {},
  ): FakeDevHelmComponent {
    const component: FakeDevHelmComponent = {
      id: randomUUID(),
      pageId,
      name,
      type: options.type ?? 'STATIC',
      groupId: options.groupId ?? null,
      currentStatus: options.currentStatus ?? 'OPERATIONAL',
      displayOrder: this.componentsOf(pageId).length,
    };
    this.components.push(component);
    return component;
  }

  addIncident(
    pageId: string,
    incident: {
      title: string;
      status?: FakeDevHelmStatus;
      scheduled?: boolean;
      affected?: { componentId: string; status: FakeComponentStatus }[];
    },
  ): FakeDevHelmIncident {
    const at = this.now();
    const status = incident.status ?? 'INVESTIGATING';
    const created: FakeDevHelmIncident = {
      id: randomUUID(),
      pageId,
      title: incident.title,
      status,
      impact: 'MINOR',
      scheduled: incident.scheduled ?? false,
      scheduledFor: incident.scheduled ? '2030-01-01T02:00:00.000Z' : null,
      scheduledUntil: incident.scheduled ? '2030-01-01T04:00:00.000Z' : null,
      autoResolve: false,
      publishedAt: at,
      affectedComponents: incident.affected ?? [],
      updates: [{ id: randomUUID(), status, body: `We are looking into: ${incident.title}`, notifySubscribers: false, createdAt: at }],
      createdAt: at,
      updatedAt: at,
      resolvedAt: status === 'RESOLVED' ? at : null,
    };
    this.incidents.set(created.id, created);
    return created;
  }

  /** What the real API does with an update: new status, components replaced unless null, a timeline entry. */
  addUpdate(
    incident: FakeDevHelmIncident,
    update: {
      status: FakeDevHelmStatus;
      body: string;
      notifySubscribers: boolean;
      affectedComponents: { componentId: string; status: FakeComponentStatus }[] | null;
    },
  ): FakeDevHelmUpdate {
    const at = this.now();
    const created = {
      id: randomUUID(),
      status: update.status,
      body: update.body,
      notifySubscribers: update.notifySubscribers,
      createdAt: at,
    };
    incident.updates.push(created);
    incident.status = update.status;
    incident.updatedAt = at;
    if (update.status === 'RESOLVED') incident.resolvedAt = at;
    if (update.affectedComponents !== null) {
      incident.affectedComponents = update.affectedComponents;
      for (const { componentId, status } of update.affectedComponents) {
        const component = this.components.find((c) => c.id === componentId);
        if (component) component.currentStatus = status;
      }
    }
    return created;
  }

  componentsOf(pageId: string): FakeDevHelmComponent[] {
    return this.components.filter((component) => component.pageId === pageId);
  }

  incidentsOf(pageId: string): FakeDevHelmIncident[] {
    return [...this.incidents.values()].filter((incident) => incident.pageId === pageId);
  }

  windowsOf(pageId: string): FakeDevHelmIncident[] {
    return [...this.windows.values()].filter((window) => window.pageId === pageId);
  }

  /** A post as created through the API: its first update carries the body, a review-mode page keeps it a draft. */
  createPost(
    pageId: string,
    post: {
      title: string;
      status: FakeDevHelmStatus | 'SCHEDULED';
      impact: FakeDevHelmIncident['impact'];
      body: string;
      notifySubscribers: boolean;
      affected: { componentId: string; status: FakeComponentStatus }[];
      window: { scheduledFor: string; scheduledUntil: string | null; autoResolve: boolean } | null;
      draft: boolean;
      resource: 'incidents' | 'maintenance';
    },
  ): FakeDevHelmIncident {
    const at = this.now();
    const created: FakeDevHelmIncident = {
      id: randomUUID(),
      pageId,
      title: post.title,
      status: post.status as FakeDevHelmStatus,
      impact: post.impact,
      scheduled: post.window !== null,
      scheduledFor: post.window?.scheduledFor ?? null,
      scheduledUntil: post.window?.scheduledUntil ?? null,
      autoResolve: post.window?.autoResolve ?? false,
      publishedAt: post.draft ? null : at,
      affectedComponents: post.affected,
      updates: [
        {
          id: randomUUID(),
          status: post.status as FakeDevHelmStatus,
          body: post.body,
          notifySubscribers: post.notifySubscribers,
          createdAt: at,
        },
      ],
      createdAt: at,
      updatedAt: at,
      resolvedAt: null,
    };
    for (const { componentId, status } of post.affected) {
      const component = this.components.find((c) => c.id === componentId);
      if (component) component.currentStatus = status;
    }
    (post.resource === 'maintenance' ? this.windows : this.incidents).set(created.id, created);
    return created;
  }

  /** "Acme Cloud": an open incident affecting a degraded Dashboard, an open maintenance, a resolved incident. */
  seedDefault(): DevHelmSeed {
    const page = this.addPage('Acme Cloud', 'acme');
    const group = this.addComponent(page.id, 'Core platform', { type: 'GROUP' });
    const api = this.addComponent(page.id, 'API', { groupId: group.id });
    const dashboard = this.addComponent(page.id, 'Dashboard', { groupId: group.id, currentStatus: 'DEGRADED_PERFORMANCE' });
    const webhooks = this.addComponent(page.id, 'Webhooks');
    const incident = this.addIncident(page.id, {
      title: 'Slow dashboard',
      affected: [{ componentId: dashboard.id, status: 'DEGRADED_PERFORMANCE' }],
    });
    const maintenance = this.addIncident(page.id, { title: 'Database upgrade', status: 'IDENTIFIED', scheduled: true });
    const resolved = this.addIncident(page.id, { title: 'Webhook delays', status: 'RESOLVED' });
    return {
      pageId: page.id,
      incidentId: incident.id,
      maintenanceId: maintenance.id,
      resolvedId: resolved.id,
      componentIds: { api: api.id, dashboard: dashboard.id, webhooks: webhooks.id },
      groupId: group.id,
    };
  }
}
