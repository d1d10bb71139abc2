import { devHelmError, incidentView, type DevHelmAnswer } from './fake-devhelm-api.js';
import type {
  FakeComponentStatus,
  FakeDevHelmIncident,
  FakeDevHelmPage,
  FakeDevHelmState,
  FakeDevHelmStatus,
} from './fake-devhelm-state.js';

// Opening, changing and publishing posts on the fake DevHelm, for incidents (the contract's routes) and
// maintenance windows (maintenance-routes.ts) alike. Bodies passed their schema already; what is checked
// here is what only the server knows: the components of this page, a window that ends after it starts, a
// draft that is published once.

export interface DevHelmServerMode {
  /** Newer servers: windows live at /maintenance, and `/incidents` refuses `scheduled: true`. */
  maintenanceResource: boolean;
  /** Creates are drafts (`publishedAt` null) until `/publish`. */
  reviewMode: boolean;
}

export interface CreateBody {
  title: string;
  impact: FakeDevHelmIncident['impact'];
  body: string;
  status?: FakeDevHelmStatus | null;
  affectedComponents?: { componentId: string; status: FakeComponentStatus }[] | null;
  scheduled?: boolean | null;
  scheduledFor?: string | null;
  scheduledUntil?: string | null;
  autoResolve?: boolean | null;
  notifySubscribers?: boolean | null;
}

type FieldError = { code: string; field: string; message: string };

export function createPost(
  state: FakeDevHelmState,
  page: FakeDevHelmPage,
  body: CreateBody,
  resource: 'incidents' | 'maintenance',
  mode: DevHelmServerMode,
  requestId: string,
): DevHelmAnswer {
  const windowed = resource === 'maintenance' || body.scheduled === true;
  const errors: FieldError[] = [...componentErrors(state, page, body.affectedComponents ?? null), ...windowErrors(body, windowed)];
  if (resource === 'incidents' && body.scheduled === true && mode.maintenanceResource) {
    errors.push({ code: 'MAINTENANCE_MOVED', field: 'scheduled', message: 'Maintenance windows are created at /maintenance' });
  }
  if (body.title.trim() === '') errors.push({ code: 'NOT_BLANK', field: 'title', message: 'must not be blank' });
  if (errors.length > 0) return devHelmError(400, 'Request validation failed', requestId, errors);
  const created = state.createPost(page.id, {
    title: body.title,
    status: body.status ?? (resource === 'maintenance' ? 'SCHEDULED' : 'INVESTIGATING'),
    impact: body.impact,
    body: body.body,
    notifySubscribers: body.notifySubscribers ?? true,
    affected: body.affectedComponents ?? [],
    window: windowed
      ? {
          scheduledFor: iso(body.scheduledFor!),
          scheduledUntil: body.scheduledUntil ? iso(body.scheduledUntil) : null,
          autoResolve: body.autoResolve ?? false,
        }
      : null,
    draft: mode.reviewMode,
    resource,
  });
  return { status: 201, body: { data: incidentView(state, created) } };
}

/** `PUT`: what the request names changes; on an incident only the contract's fields (unknown ones are ignored, as Spring does). */
export function changePost(
  state: FakeDevHelmState,
  page: FakeDevHelmPage,
  post: FakeDevHelmIncident,
  body: Record<string, unknown>,
  resource: 'incidents' | 'maintenance',
  requestId: string,
): DevHelmAnswer {
  const affected = (body.affectedComponents ?? null) as CreateBody['affectedComponents'];
  const errors = componentErrors(state, page, affected ?? null);
  if (resource === 'maintenance') {
    const scheduledFor = (body.scheduledFor as string | undefined) ?? post.scheduledFor ?? undefined;
    const scheduledUntil = (body.scheduledUntil as string | undefined) ?? post.scheduledUntil;
    errors.push(...windowErrors({ scheduledFor, scheduledUntil }, true));
  }
  if (errors.length > 0) return devHelmError(400, 'Request validation failed', requestId, errors);
  if (typeof body.title === 'string') post.title = body.title;
  if (typeof body.impact === 'string') post.impact = body.impact as FakeDevHelmIncident['impact'];
  if (typeof body.status === 'string') post.status = body.status as FakeDevHelmStatus;
  if (affected) post.affectedComponents = affected;
  if (resource === 'maintenance') {
    if (typeof body.scheduledFor === 'string') post.scheduledFor = iso(body.scheduledFor);
    if (typeof body.scheduledUntil === 'string') post.scheduledUntil = iso(body.scheduledUntil);
    if (typeof body.autoResolve === 'boolean') post.autoResolve = body.autoResolve;
  }
  post.updatedAt = state.now();
  return { status: 200, body: { data: incidentView(state, post) } };
}

/** A draft becomes public; one already public is a conflict, as the real API answers. */
export function publishPost(state: FakeDevHelmState, post: FakeDevHelmIncident, requestId: string): DevHelmAnswer {
  if (post.publishedAt !== null) return devHelmError(409, 'Incident is already published', requestId);
  post.publishedAt = state.now();
  return { status: 200, body: { data: incidentView(state, post) } };
}

function componentErrors(state: FakeDevHelmState, page: FakeDevHelmPage, affected: CreateBody['affectedComponents']): FieldError[] {
  const onPage = new Set(state.componentsOf(page.id).map((component) => component.id));
  return (affected ?? []).flatMap((component, index) =>
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
}

function windowErrors(body: Pick<CreateBody, 'scheduledFor' | 'scheduledUntil'>, windowed: boolean): FieldError[] {
  if (!windowed) return [];
  if (!body.scheduledFor) return [{ code: 'REQUIRED', field: 'scheduledFor', message: 'scheduledFor is required for maintenance' }];
  if (body.scheduledUntil && Date.parse(body.scheduledUntil) <= Date.parse(body.scheduledFor)) {
    return [{ code: 'INVALID_WINDOW', field: 'scheduledUntil', message: 'scheduledUntil must be after scheduledFor' }];
  }
  return [];
}

const iso = (value: string) => new Date(value).toISOString();
