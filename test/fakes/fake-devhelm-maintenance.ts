import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { devHelmError, paginate, incidentView, type DevHelmAnswer } from './fake-devhelm-api.js';
import { changePost, createPost, publishPost, type CreateBody, type DevHelmServerMode } from './fake-devhelm-posts.js';
import type { FakeDevHelmState, FakeDevHelmStatus } from './fake-devhelm-state.js';

// DevHelm's maintenance resource (`/api/v1/status-pages/{id}/maintenance...`), newer than the vendored
// contract. Its shapes come from DevHelm's official clients (see the contracts README), written out here as
// JSON Schemas so the fake refuses what they would not send. A server without the resource answers 404.

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const STATUSES = ['INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED'];
const IMPACTS = ['NONE', 'MINOR', 'MAJOR', 'CRITICAL'];
const dateTime = { type: 'string', format: 'date-time' };

const SCHEMAS = {
  createMaintenance: {
    type: 'object',
    required: ['title', 'impact', 'body', 'scheduledFor'],
    additionalProperties: false,
    properties: {
      title: { type: 'string', maxLength: 500 },
      impact: { enum: IMPACTS },
      body: { type: 'string', minLength: 1 },
      scheduledFor: dateTime,
      scheduledUntil: { anyOf: [dateTime, { type: 'null' }] },
      status: { enum: [...STATUSES, null] },
      autoResolve: { type: ['boolean', 'null'] },
      notifySubscribers: { type: ['boolean', 'null'] },
    },
  },
  updateMaintenance: {
    type: 'object',
    additionalProperties: false,
    properties: {
      title: { type: 'string', maxLength: 500 },
      impact: { enum: IMPACTS },
      status: { enum: STATUSES },
      scheduledFor: dateTime,
      scheduledUntil: dateTime,
      autoResolve: { type: 'boolean' },
    },
  },
  postMaintenanceUpdate: {
    type: 'object',
    required: ['body', 'status'],
    additionalProperties: false,
    properties: { body: { type: 'string', minLength: 1 }, status: { enum: STATUSES } },
  },
  publishMaintenance: { type: ['object', 'null'] },
} as const;

type MaintenanceOperation = keyof typeof SCHEMAS | 'listMaintenance' | 'getMaintenance';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validators = Object.fromEntries(Object.entries(SCHEMAS).map(([name, schema]) => [name, ajv.compile(schema)]));

const ROUTES: { method: string; pattern: RegExp; operation: MaintenanceOperation }[] = [
  { method: 'GET', pattern: /^\/api\/v1\/status-pages\/([^/]+)\/maintenance$/, operation: 'listMaintenance' },
  { method: 'POST', pattern: /^\/api\/v1\/status-pages\/([^/]+)\/maintenance$/, operation: 'createMaintenance' },
  { method: 'GET', pattern: /^\/api\/v1\/status-pages\/([^/]+)\/maintenance\/([^/]+)$/, operation: 'getMaintenance' },
  { method: 'PUT', pattern: /^\/api\/v1\/status-pages\/([^/]+)\/maintenance\/([^/]+)$/, operation: 'updateMaintenance' },
  { method: 'POST', pattern: /^\/api\/v1\/status-pages\/([^/]+)\/maintenance\/([^/]+)\/updates$/, operation: 'postMaintenanceUpdate' },
  { method: 'POST', pattern: /^\/api\/v1\/status-pages\/([^/]+)\/maintenance\/([^/]+)\/publish$/, operation: 'publishMaintenance' },
];

/** The maintenance operation a request is for; undefined when it is not on the maintenance resource. */
export function maintenanceOperation(
  method: string,
  path: string,
): { operation: MaintenanceOperation; pageId: string; windowId?: string } | undefined {
  for (const route of ROUTES) {
    const match = route.method === method.toUpperCase() ? route.pattern.exec(path) : null;
    if (match)
      return {
        operation: route.operation,
        pageId: decodeURIComponent(match[1]!),
        ...(match[2] ? { windowId: decodeURIComponent(match[2]) } : {}),
      };
  }
  return undefined;
}

export interface MaintenanceRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  requestId: string;
}

/** Undefined: not a maintenance path (the contract decides). `violation` is called for a body its schema refuses. */
export function answerMaintenance(
  state: FakeDevHelmState,
  mode: DevHelmServerMode,
  request: MaintenanceRequest,
  violation: (errors: string[]) => DevHelmAnswer,
): DevHelmAnswer | undefined {
  if (!/^\/api\/v1\/status-pages\/[^/]+\/maintenance(\/|$)/.test(request.path)) return undefined;
  const route = maintenanceOperation(request.method, request.path);
  if (!mode.maintenanceResource || !route) return devHelmError(404, 'No handler found for this path', request.requestId);
  const validate = validators[route.operation];
  if (validate && !validate(request.body ?? null)) {
    return violation((validate.errors ?? []).map((error) => `${error.instancePath || 'body'} ${error.message ?? 'is invalid'}`));
  }
  const page = state.pages.get(route.pageId);
  if (!page) return devHelmError(404, 'Status page not found', request.requestId);
  const window = route.windowId === undefined ? undefined : state.windows.get(route.windowId);
  if (route.windowId !== undefined && (!window || window.pageId !== page.id))
    return devHelmError(404, 'Maintenance window not found', request.requestId);
  switch (route.operation) {
    case 'listMaintenance': {
      const windows = state.windowsOf(page.id).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return paginate(
        request.query,
        windows.map((candidate) => incidentView(state, candidate)),
        request.requestId,
      );
    }
    case 'createMaintenance':
      return createPost(state, page, request.body as CreateBody, 'maintenance', mode, request.requestId);
    case 'getMaintenance':
      return { status: 200, body: { data: incidentView(state, window!) } };
    case 'updateMaintenance':
      return changePost(state, page, window!, request.body as Record<string, unknown>, 'maintenance', request.requestId);
    case 'postMaintenanceUpdate': {
      const update = request.body as { body: string; status: FakeDevHelmStatus };
      state.addUpdate(window!, { status: update.status, body: update.body, notifySubscribers: true, affectedComponents: null });
      return { status: 201, body: { data: incidentView(state, window!) } };
    }
    case 'publishMaintenance':
      return publishPost(state, window!, request.requestId);
  }
}
