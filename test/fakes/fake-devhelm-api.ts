import type {
  FakeComponentStatus,
  FakeDevHelmComponent,
  FakeDevHelmIncident,
  FakeDevHelmPage,
  FakeDevHelmState,
  FakeDevHelmStatus,
} from './fake-devhelm-state.js';

import { changePost, createPost, publishPost, type CreateBody, type DevHelmServerMode } from './fake-devhelm-posts.js';

// What the fake DevHelm answers to a request that passed authentication and the contract: one handler
// per operation, bodies shaped like the real API's (`{data}` envelopes, `page`/`size` paging with
// `hasNext`, the uniform error envelope with its request id).

export interface DevHelmApiRequest {
  operationId: string;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  requestId: string;
  mode: DevHelmServerMode;
}

export interface DevHelmAnswer {
  status: number;
  body: unknown;
}

const ERROR_CODES: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
};

export function devHelmError(
  status: number,
  message: string,
  requestId: string,
  errors?: { code: string; field?: string | null; message: string }[],
): DevHelmAnswer {
  return {
    status,
    body: {
      status,
      code: ERROR_CODES[status] ?? 'ERROR',
      message,
      timestamp: Date.now(),
      requestId,
      errors: errors ?? null,
    },
  };
}

export function answerDevHelm(state: FakeDevHelmState, request: DevHelmApiRequest): DevHelmAnswer {
  const { operationId, pathParams, query, requestId } = request;
  const page = pathParams.id === undefined ? undefined : state.pages.get(pathParams.id);
  if (pathParams.id !== undefined && !page) return devHelmError(404, 'Status page not found', requestId);
  const incident = pathParams.incidentId === undefined ? undefined : state.incidents.get(pathParams.incidentId);
  if (pathParams.incidentId !== undefined && (!incident || incident.pageId !== page?.id)) {
    return devHelmError(404, 'Incident not found', requestId);
  }
  switch (operationId) {
    case 'list_4':
      return paginate(query, [...state.pages.values()].map(pageView), requestId);
    case 'listComponents':
      return paginate(query, state.componentsOf(page!.id).map(componentView), requestId);
    case 'listIncidents': {
      const statuses = query.getAll('status');
      const incidents = state
        .incidentsOf(page!.id)
        .filter((candidate) => statuses.length === 0 || statuses.includes(candidate.status))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return paginate(
        query,
        incidents.map((candidate) => incidentView(state, candidate)),
        requestId,
      );
    }
    case 'getIncident':
      return { status: 200, body: { data: incidentView(state, incident!) } };
    case 'postIncidentUpdate':
      return postUpdate(state, page!, incident!, request.body, requestId);
    case 'createIncident':
      return createPost(state, page!, request.body as CreateBody, 'incidents', request.mode, requestId);
    case 'updateIncident':
      return changePost(state, page!, incident!, request.body as Record<string, unknown>, 'incidents', requestId);
    case 'publishIncident':
      return publishPost(state, incident!, requestId);
    default:
      return devHelmError(404, `The fake DevHelm does not implement ${operationId}`, requestId);
  }
}

interface UpdateBody {
  status: FakeDevHelmStatus;
  body: string;
  notifySubscribers?: boolean | null;
  affectedComponents?: { componentId: string; status: FakeComponentStatus }[] | null;
}

/** The body matched the contract; here the components must also be this page's. */
function postUpdate(
  state: FakeDevHelmState,
  page: FakeDevHelmPage,
  incident: FakeDevHelmIncident,
  raw: unknown,
  requestId: string,
): DevHelmAnswer {
  const body = raw as UpdateBody;
  const affected = body.affectedComponents ?? null;
  const onPage = new Set(state.componentsOf(page.id).map((component) => component.id));
  const errors = (affected ?? []).flatMap((component, index) =>
    onPage.has(component.componentId)
      ? []
      : [
          {
            code: 'COMPONENT_NOT_ON_PAGE',
            field: `affectedComponents[${index}].componentId`,
            message: 'Component does not belong to this status page',
          },
        ],
  );
  if (errors.length > 0) return devHelmError(400, 'Request validation failed', requestId, errors);
  state.addUpdate(incident, {
    status: body.status,
    body: body.body,
    // DevHelm's default: subscribers are told.
    notifySubscribers: body.notifySubscribers ?? true,
    affectedComponents: affected,
  });
  return { status: 201, body: { data: incidentView(state, incident) } };
}

/** Spring paging: `page` from 0, `size` 20 by default and at most 100. */
export function paginate(query: URLSearchParams, items: unknown[], requestId: string): DevHelmAnswer {
  const page = Number(query.get('page') ?? '0');
  const size = Number(query.get('size') ?? '20');
  if (!Number.isInteger(page) || page < 0 || !Number.isInteger(size) || size < 1) {
    return devHelmError(400, 'Invalid paging parameters', requestId);
  }
  const pageSize = Math.min(size, 100);
  const start = page * pageSize;
  return {
    status: 200,
    body: {
      data: items.slice(start, start + pageSize),
      hasNext: start + pageSize < items.length,
      hasPrev: page > 0,
      totalElements: items.length,
      totalPages: Math.ceil(items.length / pageSize),
    },
  };
}

function pageView(page: FakeDevHelmPage) {
  return {
    id: page.id,
    organizationId: 1,
    workspaceId: 1,
    name: page.name,
    slug: page.slug,
    description: null,
    branding: { logoUrl: null, faviconUrl: null, brandColor: '#4F46E5' },
    visibility: 'PUBLIC',
    enabled: true,
    incidentMode: 'MANUAL',
    componentCount: null,
    subscriberCount: null,
    overallStatus: 'OPERATIONAL',
    managedBy: 'DASHBOARD',
    createdAt: page.createdAt,
    updatedAt: page.createdAt,
  };
}

function componentView(component: FakeDevHelmComponent) {
  return {
    id: component.id,
    statusPageId: component.pageId,
    groupId: component.groupId,
    name: component.name,
    description: null,
    type: component.type,
    monitorId: null,
    resourceGroupId: null,
    currentStatus: component.currentStatus,
    showUptime: true,
    displayOrder: component.displayOrder,
    pageOrder: component.displayOrder,
    excludeFromOverall: false,
    startDate: null,
    createdAt: '2024-01-02T03:04:05.000Z',
    updatedAt: '2024-01-02T03:04:05.000Z',
  };
}

export function incidentView(state: FakeDevHelmState, incident: FakeDevHelmIncident) {
  const names = new Map(state.components.map((component) => [component.id, component.name]));
  return {
    id: incident.id,
    statusPageId: incident.pageId,
    title: incident.title,
    status: incident.status,
    impact: incident.impact,
    scheduled: incident.scheduled,
    scheduledFor: incident.scheduledFor,
    scheduledUntil: incident.scheduledUntil,
    autoResolve: incident.autoResolve,
    incidentId: null,
    startedAt: incident.createdAt,
    publishedAt: incident.publishedAt,
    resolvedAt: incident.resolvedAt,
    createdByUserId: null,
    postmortemBody: null,
    postmortemUrl: null,
    affectedComponents: incident.affectedComponents.map(({ componentId, status }) => ({
      statusPageComponentId: componentId,
      componentStatus: status,
      componentName: names.get(componentId) ?? '',
    })),
    updates: [...incident.updates].reverse().map((update) => ({ ...update, createdBy: 'USER', createdByUserId: null })),
    createdAt: incident.createdAt,
    updatedAt: incident.updatedAt,
  };
}
