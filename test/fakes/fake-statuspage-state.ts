import { randomInt } from 'node:crypto';

// The fake Statuspage's memory: pages, components (with their status; groups among them), incidents and
// scheduled maintenance with the components they affect and their updates. Tests seed and inspect it
// directly; the server reads and writes it as the real API would.

export type FakeIncidentStatus =
  | 'investigating'
  | 'identified'
  | 'monitoring'
  | 'resolved'
  | 'scheduled'
  | 'in_progress'
  | 'verifying'
  | 'completed';
export type FakeComponentStatus = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'under_maintenance';

export const FAKE_INCIDENT_STATUSES: FakeIncidentStatus[] = ['investigating', 'identified', 'monitoring', 'resolved'];
export const FAKE_MAINTENANCE_STATUSES: FakeIncidentStatus[] = ['scheduled', 'in_progress', 'verifying', 'completed'];

export interface FakeStatuspagePage {
  id: string;
  name: string;
  subdomain: string;
  domain: string | null;
}

export interface FakeStatuspageComponent {
  id: string;
  pageId: string;
  name: string;
  status: FakeComponentStatus;
  group: boolean;
  groupId: string | null;
  position: number;
}

export interface FakeStatuspageUpdate {
  id: string;
  status: FakeIncidentStatus;
  body: string;
  deliverNotifications: boolean;
  createdAt: string;
  /** Set when the update was edited afterwards (a correction). */
  updatedAt?: string;
  affectedComponents: { code: string; name: string; old_status: string; new_status: string }[];
}

export interface FakeStatuspageIncident {
  id: string;
  pageId: string;
  name: string;
  status: FakeIncidentStatus;
  scheduledFor: string | null;
  scheduledUntil: string | null;
  componentIds: string[];
  /** Kept as sent; the real API keeps an object of objects. */
  metadata: Record<string, Record<string, unknown>>;
  impactOverride: 'none' | 'maintenance' | 'minor' | 'major' | 'critical' | null;
  updates: FakeStatuspageUpdate[];
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
}

export interface StatuspageSeed {
  pageId: string;
  incidentId: string;
  maintenanceId: string;
  resolvedId: string;
  completedMaintenanceId: string;
  componentIds: Record<'api' | 'dashboard' | 'webhooks', string>;
  groupId: string;
}

export class FakeStatuspageState {
  readonly pages = new Map<string, FakeStatuspagePage>();
  readonly components: FakeStatuspageComponent[] = [];
  readonly incidents = new Map<string, FakeStatuspageIncident>();
  private clock = Date.parse('2024-05-06T07:00:00.000Z');

  /** Statuspage-looking ids: 12 lower-case letters and digits. */
  nextId(): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    return Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]).join('');
  }

  now(): string {
    this.clock = Math.max(this.clock + 1, Date.now());
    return new Date(this.clock).toISOString();
  }

  addPage(name: string, subdomain: string, domain: string | null = null): FakeStatuspagePage {
    const page = { id: this.nextId(), name, subdomain, domain };
    this.pages.set(page.id, page);
    return page;
  }

  addComponent(
    pageId: string,
    name: string,
    options: { status?: FakeComponentStatus; group?: boolean; groupId?: string } = {},
  ): FakeStatuspageComponent {
    const component = {
      id: this.nextId(),
      pageId,
      name,
      status: options.status ?? 'operational',
      group: options.group ?? false,
      groupId: options.groupId ?? null,
      position: this.componentsOf(pageId).length + 1,
    };
    this.components.push(component);
    return component;
  }

  addIncident(
    pageId: string,
    incident: { name: string; status?: FakeIncidentStatus; maintenance?: boolean; componentIds?: string[] },
  ): FakeStatuspageIncident {
    const at = this.now();
    const status = incident.status ?? (incident.maintenance ? 'scheduled' : 'investigating');
    const created: FakeStatuspageIncident = {
      id: this.nextId(),
      pageId,
      name: incident.name,
      status,
      scheduledFor: incident.maintenance ? '2030-01-01T02:00:00.000Z' : null,
      scheduledUntil: incident.maintenance ? '2030-01-01T04:00:00.000Z' : null,
      componentIds: incident.componentIds ?? [],
      metadata: {},
      impactOverride: null,
      updates: [{ id: this.nextId(), status, body: incident.name, deliverNotifications: false, createdAt: at, affectedComponents: [] }],
      createdAt: at,
      updatedAt: at,
      resolvedAt: status === 'resolved' || status === 'completed' ? at : null,
    };
    this.incidents.set(created.id, created);
    return created;
  }

  componentsOf(pageId: string): FakeStatuspageComponent[] {
    return this.components.filter((component) => component.pageId === pageId);
  }

  incidentsOf(pageId: string): FakeStatuspageIncident[] {
    return [...this.incidents.values()].filter((incident) => incident.pageId === pageId);
  }

  isMaintenance(incident: FakeStatuspageIncident): boolean {
    return incident.scheduledFor !== null;
  }

  /** "Acme Status": an open incident affecting the Dashboard (partial outage), maintenance in progress, closed ones. */
  seedDefault(): StatuspageSeed {
    const page = this.addPage('Acme Status', 'acme', 'status.acme.test');
    const group = this.addComponent(page.id, 'Core platform', { group: true });
    const api = this.addComponent(page.id, 'API', { groupId: group.id });
    const dashboard = this.addComponent(page.id, 'Dashboard', { groupId: group.id, status: 'partial_outage' });
    const webhooks = this.addComponent(page.id, 'Webhooks');
    const incident = this.addIncident(page.id, { name: 'Login failures', componentIds: [dashboard.id] });
    const maintenance = this.addIncident(page.id, { name: 'Network maintenance', maintenance: true, status: 'in_progress' });
    const resolved = this.addIncident(page.id, { name: 'Slow emails', status: 'resolved' });
    const completed = this.addIncident(page.id, { name: 'Old maintenance', maintenance: true, status: 'completed' });
    return {
      pageId: page.id,
      incidentId: incident.id,
      maintenanceId: maintenance.id,
      resolvedId: resolved.id,
      completedMaintenanceId: completed.id,
      componentIds: { api: api.id, dashboard: dashboard.id, webhooks: webhooks.id },
      groupId: group.id,
    };
  }
}
