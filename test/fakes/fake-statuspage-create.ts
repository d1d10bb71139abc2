import { BODY_MAX_LENGTH, settableComponents, statuspageError, type StatuspageAnswer } from './fake-statuspage-api.js';
import {
  FAKE_MAINTENANCE_STATUSES,
  type FakeComponentStatus,
  type FakeIncidentStatus,
  type FakeStatuspageIncident,
  type FakeStatuspagePage,
  type FakeStatuspageState,
} from './fake-statuspage-state.js';

// `POST /pages/{page_id}/incidents`: a new incident, or a scheduled maintenance when its status is a
// maintenance one. The body passed the contract; what the contract only says in words is checked here:
// the name's 255 characters, the body's 25,000, metadata as an object of objects, the components of this
// page, and a window that is given (the spec's 2013 defaults are placeholders) and ends after it starts.

export const NAME_MAX_LENGTH = 255;

interface CreateBody {
  incident: {
    name: string;
    status?: FakeIncidentStatus;
    body?: string;
    components?: Record<string, FakeComponentStatus | ''>;
    component_ids?: string[];
    impact_override?: FakeStatuspageIncident['impactOverride'];
    deliver_notifications?: boolean;
    metadata?: Record<string, unknown>;
    scheduled_for?: string;
    scheduled_until?: string;
  };
}

export function createIncident(
  state: FakeStatuspageState,
  page: FakeStatuspagePage,
  raw: unknown,
  view: (incident: FakeStatuspageIncident) => unknown,
): StatuspageAnswer {
  const request = (raw as CreateBody).incident;
  const status = request.status ?? 'investigating';
  const maintenance = FAKE_MAINTENANCE_STATUSES.includes(status);
  if (request.name.length > NAME_MAX_LENGTH) return statuspageError(422, `Name is too long (maximum is ${NAME_MAX_LENGTH} characters)`);
  if (request.name.trim() === '') return statuspageError(422, "Name can't be blank");
  if ((request.body ?? '').length > BODY_MAX_LENGTH) return statuspageError(422, 'Body is too long (maximum is 25000 characters)');
  const metadata = request.metadata ?? {};
  if (Object.values(metadata).some((value) => typeof value !== 'object' || value === null || Array.isArray(value))) {
    return statuspageError(422, 'Metadata top level values must be objects');
  }
  if (maintenance) {
    if (!request.scheduled_for || !request.scheduled_until) return statuspageError(422, 'Scheduled for and scheduled until are required');
    if (Date.parse(request.scheduled_until) <= Date.parse(request.scheduled_for))
      return statuspageError(422, 'Scheduled until must be after scheduled for');
  }
  const settable = settableComponents(state, page);
  const named = [...Object.keys(request.components ?? {}), ...(request.component_ids ?? [])];
  const unknown = named.filter((id) => !settable.has(id));
  if (unknown.length > 0) return statuspageError(422, `Component ids ${[...new Set(unknown)].join(', ')} are not components of this page`);

  const created = state.addIncident(page.id, { name: request.name, status, maintenance, componentIds: request.component_ids ?? [] });
  created.metadata = metadata as FakeStatuspageIncident['metadata'];
  created.impactOverride = request.impact_override ?? null;
  if (maintenance) {
    created.scheduledFor = new Date(request.scheduled_for!).toISOString();
    created.scheduledUntil = new Date(request.scheduled_until!).toISOString();
  }
  const first = created.updates[0]!;
  first.body = request.body ?? '';
  first.deliverNotifications = request.deliver_notifications ?? true;
  for (const [id, componentStatus] of Object.entries(request.components ?? {})) {
    const component = settable.get(id)!;
    if (componentStatus === '' || componentStatus === component.status) continue;
    first.affectedComponents.push({ code: id, name: component.name, old_status: component.status, new_status: componentStatus });
    component.status = componentStatus;
  }
  return { status: 201, body: view(created) };
}
