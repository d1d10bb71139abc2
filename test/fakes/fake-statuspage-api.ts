import { createIncident } from './fake-statuspage-create.js';
import {
  FAKE_INCIDENT_STATUSES,
  FAKE_MAINTENANCE_STATUSES,
  type FakeComponentStatus,
  type FakeIncidentStatus,
  type FakeStatuspageComponent,
  type FakeStatuspageIncident,
  type FakeStatuspagePage,
  type FakeStatuspageState,
} from './fake-statuspage-state.js';

// What the fake Statuspage answers to a request that passed authentication, the rate limit and the
// contract: bare JSON arrays paged with `page` (from 1) and `per_page`, the incident itself (not
// wrapped) after a PATCH, and `{"message": ...}` errors.

export interface StatuspageApiRequest {
  operationId: string;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface StatuspageAnswer {
  status: number;
  body: unknown;
}

export const BODY_MAX_LENGTH = 25_000;

export function statuspageError(status: number, message: string): StatuspageAnswer {
  return { status, body: { message } };
}

export function answerStatuspage(state: FakeStatuspageState, request: StatuspageApiRequest): StatuspageAnswer {
  const { operationId, pathParams, query } = request;
  const page = pathParams.page_id === undefined ? undefined : state.pages.get(pathParams.page_id);
  if (pathParams.page_id !== undefined && !page) return statuspageError(404, 'The requested resource could not be found.');
  const incident = pathParams.incident_id === undefined ? undefined : state.incidents.get(pathParams.incident_id);
  if (pathParams.incident_id !== undefined && (!incident || incident.pageId !== page?.id)) {
    return statuspageError(404, 'The requested resource could not be found.');
  }
  const newestFirst = (incidents: FakeStatuspageIncident[]) => [...incidents].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const view = (candidate: FakeStatuspageIncident) => incidentView(state, candidate);
  switch (operationId) {
    case 'getPages':
      return { status: 200, body: [...state.pages.values()].map(pageView) };
    case 'getPagesPageIdComponents':
      return paginate(query, 'per_page', state.componentsOf(page!.id).map(componentView));
    case 'getPagesPageIdIncidentsUnresolved': {
      // Realtime incidents only: scheduled maintenance has lists of its own in the real API.
      const open = state.incidentsOf(page!.id).filter((c) => !state.isMaintenance(c) && c.status !== 'resolved');
      return paginate(query, 'per_page', newestFirst(open).map(view));
    }
    case 'getPagesPageIdIncidents':
      return paginate(query, 'limit', newestFirst(state.incidentsOf(page!.id)).map(view));
    case 'postPagesPageIdIncidents':
      return createIncident(state, page!, request.body, (created) => incidentView(state, created));
    case 'getPagesPageIdIncidentsIncidentId':
      return { status: 200, body: view(incident!) };
    case 'patchPagesPageIdIncidentsIncidentId':
      return patchIncident(state, page!, incident!, request.body);
    case 'patchPagesPageIdIncidentsIncidentIdIncidentUpdatesIncidentUpdateId':
      return patchIncidentUpdate(state, incident!, pathParams.incident_update_id ?? '', request.body);
    default:
      return statuspageError(404, `The fake Statuspage does not implement ${operationId}`);
  }
}

interface PatchBody {
  incident: {
    status?: FakeIncidentStatus;
    body?: string;
    components?: Record<string, FakeComponentStatus | ''>;
    component_ids?: string[];
    deliver_notifications?: boolean;
    scheduled_until?: string;
  };
}

/** The body matched the contract; the statuses must also suit the kind of post, and the components the page. */
function patchIncident(
  state: FakeStatuspageState,
  page: FakeStatuspagePage,
  incident: FakeStatuspageIncident,
  raw: unknown,
): StatuspageAnswer {
  const patch = (raw as PatchBody).incident;
  const maintenance = state.isMaintenance(incident);
  if (patch.status && !(maintenance ? FAKE_MAINTENANCE_STATUSES : FAKE_INCIDENT_STATUSES).includes(patch.status)) {
    return statuspageError(422, `Status ${patch.status} is not valid for ${maintenance ? 'a scheduled maintenance' : 'an incident'}`);
  }
  if (patch.body !== undefined && patch.body.length > BODY_MAX_LENGTH)
    return statuspageError(422, 'Body is too long (maximum is 25000 characters)');
  if (patch.scheduled_until !== undefined) {
    if (!maintenance) return statuspageError(422, 'Scheduled until is only for scheduled maintenance');
    if (Date.parse(patch.scheduled_until) <= Date.parse(incident.scheduledFor!))
      return statuspageError(422, 'Scheduled until must be after scheduled for');
    incident.scheduledUntil = new Date(patch.scheduled_until).toISOString();
  }
  const settable = settableComponents(state, page);
  const named = [...Object.keys(patch.components ?? {}), ...(patch.component_ids ?? [])];
  const unknown = named.filter((id) => !settable.has(id));
  if (unknown.length > 0) return statuspageError(422, `Component ids ${[...new Set(unknown)].join(', ')} are not components of this page`);

  const at = state.now();
  const affected: FakeStatuspageUpdate['affectedComponents'] = [];
  for (const [id, status] of Object.entries(patch.components ?? {})) {
    const component = settable.get(id)!;
    if (status === '' || status === component.status) continue;
    affected.push({ code: id, name: component.name, old_status: component.status, new_status: status });
    component.status = status;
  }
  if (patch.component_ids) incident.componentIds = [...patch.component_ids];
  if (patch.status) incident.status = patch.status;
  if (patch.status === 'resolved' || patch.status === 'completed') incident.resolvedAt = at;
  if (patch.body !== undefined || patch.status !== undefined) {
    incident.updates.push({
      id: state.nextId(),
      status: incident.status,
      body: patch.body ?? '',
      deliverNotifications: patch.deliver_notifications ?? true,
      createdAt: at,
      affectedComponents: affected,
    });
  }
  incident.updatedAt = at;
  return { status: 200, body: incidentView(state, incident) };
}

type FakeStatuspageUpdate = FakeStatuspageIncident['updates'][number];

/** The page's components a status can be set on (groups take their members' worst). */
export function settableComponents(state: FakeStatuspageState, page: FakeStatuspagePage): Map<string, FakeStatuspageComponent> {
  return new Map(
    state
      .componentsOf(page.id)
      .filter((c) => !c.group)
      .map((c) => [c.id, c]),
  );
}

/**
 * Edits one earlier update in place (its body, when it is shown, whether it notified): the incident's
 * status and components are untouched and no update is added.
 */
function patchIncidentUpdate(
  state: FakeStatuspageState,
  incident: FakeStatuspageIncident,
  updateId: string,
  raw: unknown,
): StatuspageAnswer {
  const update = incident.updates.find((candidate) => candidate.id === updateId);
  if (!update) return statuspageError(404, 'The requested resource could not be found.');
  const patch =
    (raw as { incident_update?: { body?: string; display_at?: string; deliver_notifications?: boolean } }).incident_update ?? {};
  if (patch.body !== undefined && patch.body.length > BODY_MAX_LENGTH)
    return statuspageError(422, 'Body is too long (maximum is 25000 characters)');
  if (patch.body !== undefined) update.body = patch.body;
  if (patch.display_at !== undefined) update.createdAt = new Date(patch.display_at).toISOString();
  if (patch.deliver_notifications !== undefined) update.deliverNotifications = patch.deliver_notifications;
  update.updatedAt = state.now();
  return { status: 200, body: incidentUpdateView(incident, update) };
}

/** Pages start at 1; at most 100 a page, the default too. */
function paginate(query: URLSearchParams, sizeName: 'per_page' | 'limit', items: unknown[]): StatuspageAnswer {
  const page = Number(query.get('page') ?? '1');
  const size = Math.min(Number(query.get(sizeName) ?? '100'), 100);
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(size) || size < 1) return statuspageError(400, 'Invalid page parameters');
  return { status: 200, body: items.slice((page - 1) * size, page * size) };
}

/** The real API answers null for unset fields; the contract declares none nullable, so the fake leaves them out. */
function withoutNulls<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null)) as Partial<T>;
}

function pageView(page: FakeStatuspagePage) {
  return withoutNulls({
    id: page.id,
    created_at: '2024-01-02T03:04:05.000Z',
    updated_at: '2024-01-02T03:04:05.000Z',
    name: page.name,
    page_description: null,
    headline: null,
    branding: 'basic',
    subdomain: `${page.subdomain}.statuspage.io`,
    domain: page.domain,
    url: 'https://www.acme.test',
    time_zone: 'UTC',
    allow_page_subscribers: true,
    allow_incident_subscribers: true,
  });
}

function componentView(component: FakeStatuspageComponent) {
  return withoutNulls({
    id: component.id,
    page_id: component.pageId,
    group_id: component.groupId,
    created_at: '2024-01-02T03:04:05.000Z',
    updated_at: '2024-01-02T03:04:05.000Z',
    group: component.group,
    name: component.name,
    description: null,
    position: component.position,
    status: component.status,
    showcase: true,
    only_show_if_degraded: false,
    start_date: null,
  });
}

function incidentView(state: FakeStatuspageState, incident: FakeStatuspageIncident) {
  const maintenance = state.isMaintenance(incident);
  return withoutNulls({
    id: incident.id,
    page_id: incident.pageId,
    name: incident.name,
    status: incident.status,
    impact: incident.impactOverride ?? (maintenance ? 'maintenance' : 'minor'),
    impact_override: incident.impactOverride,
    shortlink: `https://stspg.io/${incident.id.slice(0, 8)}`,
    created_at: incident.createdAt,
    updated_at: incident.updatedAt,
    monitoring_at: null,
    resolved_at: incident.resolvedAt,
    scheduled_for: incident.scheduledFor,
    scheduled_until: incident.scheduledUntil,
    metadata: incident.metadata,
    components: incident.componentIds.flatMap((id) => {
      const component = state.components.find((c) => c.id === id);
      return component ? [componentView(component)] : [];
    }),
    incident_updates: [...incident.updates].reverse().map((update) => incidentUpdateView(incident, update)),
  });
}

function incidentUpdateView(incident: FakeStatuspageIncident, update: FakeStatuspageUpdate) {
  return {
    id: update.id,
    incident_id: incident.id,
    status: update.status,
    body: update.body,
    created_at: update.createdAt,
    updated_at: update.updatedAt ?? update.createdAt,
    display_at: update.createdAt,
    deliver_notifications: update.deliverNotifications,
    affected_components: update.affectedComponents,
  };
}
