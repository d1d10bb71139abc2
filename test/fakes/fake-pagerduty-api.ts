import { replacePostUpdate } from './fake-pagerduty-corrections.js';
import { createPost, replacePost } from './fake-pagerduty-posts.js';
import type {
  FakePagerDutyState,
  FakePost,
  FakePostType,
  FakePostUpdate,
  FakeRecord,
  FakeRecordKind,
  FakeService,
  FakeStatusPage,
} from './fake-pagerduty-state.js';

// What the fake PagerDuty answers to a request that passed authentication and the contract: one
// handler per operation, JSON shaped like the real API's (examples in the contract), real pagination.

export interface ApiRequest {
  operationId: string;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface ApiAnswer {
  status: number;
  body: unknown;
}

export function pagerDutyError(status: number, message: string, errors?: string[]): ApiAnswer {
  const code = status === 401 ? 2006 : status === 404 ? 2100 : status === 429 ? 2020 : status >= 500 ? 2000 : 2001;
  return { status, body: { error: { code, message, ...(errors ? { errors } : {}) } } };
}

const RECORD_TYPES: Record<FakeRecordKind, string> = {
  statuses: 'status_page_status',
  severities: 'status_page_severity',
  impacts: 'status_page_impact',
};

export function answerPagerDuty(state: FakePagerDutyState, apiBase: string, request: ApiRequest): ApiAnswer {
  const { operationId, pathParams, query } = request;
  const view = views(apiBase);
  const page = pathParams.id === undefined ? undefined : state.pages.get(pathParams.id);
  if (pathParams.id !== undefined && !page) return pagerDutyError(404, 'Not Found', [`Status page ${pathParams.id} not found`]);
  const post = pathParams.post_id === undefined ? undefined : state.posts.get(pathParams.post_id);
  if (pathParams.post_id !== undefined && (!post || post.pageId !== page?.id)) {
    return pagerDutyError(404, 'Not Found', [`Post ${pathParams.post_id} not found`]);
  }
  const postType = query.get('post_type') as FakePostType | null;
  const listRecords = (kind: FakeRecordKind) =>
    paginate(
      query,
      kind,
      state.recordsOf(kind, page!.id, postType ?? undefined).map((record) => view.record(kind, record)),
    );

  switch (operationId) {
    case 'listStatusPages': {
      const type = query.get('status_page_type');
      const pages = [...state.pages.values()].filter((candidate) => !type || candidate.statusPageType === type);
      return paginate(query, 'status_pages', pages.map(view.page));
    }
    case 'listStatusPageStatuses':
      return listRecords('statuses');
    case 'listStatusPageSeverities':
      return listRecords('severities');
    case 'listStatusPageImpacts':
      return listRecords('impacts');
    case 'listStatusPageServices':
      return paginate(query, 'services', state.servicesOf(page!.id).map(view.service));
    case 'listStatusPagePosts': {
      const statusIds = query.getAll('status[]');
      const posts = state
        .postsOf(page!.id)
        .filter(
          (candidate) =>
            (!postType || candidate.postType === postType) && (statusIds.length === 0 || statusIds.includes(candidate.statusId)),
        )
        .filter(() => query.get('reviewed_status') !== 'not_reviewed');
      return paginate(
        query,
        'posts',
        posts.map((candidate) => view.post(candidate, state.updatesOf(candidate.id))),
      );
    }
    case 'createStatusPagePost':
      return createPost(state, view, page!, request.body);
    case 'updateStatusPagePost':
      return replacePost(state, view, page!, post!, request.body);
    case 'getStatusPagePost':
      return { status: 200, body: { post: view.post(post!, state.updatesOf(post!.id)) } };
    case 'listStatusPagePostUpdates': {
      const updates = query.get('reviewed_status') === 'not_reviewed' ? [] : state.updatesOf(post!.id);
      return paginate(query, 'post_updates', updates.map(view.postUpdate));
    }
    case 'getPostUpdate': {
      const update = state.updates.find((candidate) => candidate.id === pathParams.post_update_id && candidate.postId === post!.id);
      return update ? { status: 200, body: { post_update: view.postUpdate(update) } } : pagerDutyError(404, 'Not Found');
    }
    case 'createStatusPagePostUpdate':
      return createPostUpdate(state, view, page!, post!, request.body);
    case 'updateStatusPagePostUpdate':
      return replacePostUpdate(state, page!, post!, pathParams.post_update_id ?? '', request.body, view.postUpdate);
    default:
      return pagerDutyError(404, 'Not Found', [`the fake PagerDuty does not implement ${operationId}`]);
  }
}

export interface PostUpdateBody {
  post_update: {
    message: string;
    post: { id: string };
    status: { id: string };
    severity: { id: string };
    impacted_services: { service?: { id?: string }; impact?: { id?: string } }[];
    notify_subscribers: boolean;
    update_frequency_ms: number | null;
    reported_at?: string | null;
  };
}

/** What a post update body sets on the stored entry; where it stands in the timeline (reportedAt) aside. */
export type PostUpdateFields = Pick<
  FakePostUpdate,
  'message' | 'statusId' | 'severityId' | 'impactedServices' | 'notifySubscribers' | 'updateFrequencyMs'
>;

/**
 * The body's fields as the fake stores them, for a new update and a replaced one alike. The body already
 * matched the contract; here the ids must also exist on this page for this kind of post (else `errors`).
 */
export function readPostUpdate(
  state: FakePagerDutyState,
  page: FakeStatusPage,
  post: FakePost,
  update: PostUpdateBody['post_update'],
): { errors: string[]; fields: PostUpdateFields } {
  const errors: string[] = [];
  if (update.post.id !== post.id) errors.push(`Post ${update.post.id} does not match the post in the path`);
  const status = state.findRecord('statuses', page.id, post.postType, update.status.id);
  if (!status || status.id !== update.status.id)
    errors.push(`Status ${update.status.id} is not one of this page's ${post.postType} statuses`);
  const severity = state.findRecord('severities', page.id, post.postType, update.severity.id);
  if (!severity || severity.id !== update.severity.id)
    errors.push(`Severity ${update.severity.id} is not one of this page's ${post.postType} severities`);
  const impactedServices = update.impacted_services.map((impacted) => ({
    serviceId: impacted.service?.id ?? '',
    impactId: impacted.impact?.id ?? '',
  }));
  for (const { serviceId, impactId } of impactedServices) {
    if (!state.servicesOf(page.id).some((service) => service.id === serviceId)) errors.push(`Service ${serviceId} is not on this page`);
    if (!state.recordsOf('impacts', page.id, post.postType).some((impact) => impact.id === impactId)) {
      errors.push(`Impact ${impactId} is not one of this page's ${post.postType} impacts`);
    }
  }
  const fields = {
    message: update.message,
    statusId: update.status.id,
    severityId: update.severity.id,
    impactedServices,
    notifySubscribers: update.notify_subscribers,
    updateFrequencyMs: update.update_frequency_ms,
  };
  return { errors, fields };
}

function createPostUpdate(state: FakePagerDutyState, view: Views, page: FakeStatusPage, post: FakePost, body: unknown): ApiAnswer {
  const update = (body as PostUpdateBody).post_update;
  const { errors, fields } = readPostUpdate(state, page, post, update);
  if (errors.length > 0) return pagerDutyError(400, 'Invalid Input Provided', errors);
  const stored = state.addUpdate({
    pageId: page.id,
    postId: post.id,
    ...fields,
    reportedAt: update.reported_at ? new Date(update.reported_at).toISOString() : new Date().toISOString(),
  });
  return { status: 201, body: { post_update: view.postUpdate(stored) } };
}

/** PagerDuty's offset pagination: limit 25 by default, at most 100; `total` only when asked for. */
function paginate(query: URLSearchParams, key: string, items: unknown[]): ApiAnswer {
  const limitText = query.get('limit');
  const offsetText = query.get('offset');
  const limit = limitText === null ? 25 : Number(limitText);
  const offset = offsetText === null ? 0 : Number(offsetText);
  if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0) {
    return pagerDutyError(400, 'Invalid Input Provided', ['limit must be a positive integer and offset a non-negative integer']);
  }
  const pageSize = Math.min(limit, 100);
  return {
    status: 200,
    body: {
      [key]: items.slice(offset, offset + pageSize),
      limit: pageSize,
      offset,
      more: offset + pageSize < items.length,
      total: query.get('total') === 'true' ? items.length : null,
    },
  };
}

export type Views = ReturnType<typeof views>;

function views(apiBase: string) {
  const pageRef = (pageId: string) => ({ id: pageId, type: 'status_page' });
  const pageSelf = (pageId: string) => `${apiBase}/status_pages/${pageId}`;
  const ref = (type: string, id: string, self: string) => ({ id, type, self });
  return {
    page: (page: FakeStatusPage) => ({
      id: page.id,
      type: 'status_page',
      name: page.name,
      url: page.url,
      status_page_type: page.statusPageType,
      published_at: page.publishedAt,
    }),
    record: (kind: FakeRecordKind, record: FakeRecord) => ({
      id: record.id,
      type: RECORD_TYPES[kind],
      self: `${pageSelf(record.pageId)}/${kind}/${record.id}`,
      description: record.description,
      post_type: record.postType,
      status_page: pageRef(record.pageId),
    }),
    service: (service: FakeService) => ({
      id: service.id,
      type: 'status_page_service',
      self: `${pageSelf(service.pageId)}/services/${service.id}`,
      name: service.name,
      status_page: pageRef(service.pageId),
    }),
    post: (post: FakePost, updates: FakePostUpdate[]) => ({
      id: post.id,
      type: 'status_page_post',
      self: `${pageSelf(post.pageId)}/posts/${post.id}`,
      post_type: post.postType,
      title: post.title,
      starts_at: post.startsAt,
      ends_at: post.endsAt,
      status_page: pageRef(post.pageId),
      // The real API lists at most 50 update references per post.
      updates: updates
        .slice(-50)
        .map((update) => ref('status_page_post_update', update.id, `${pageSelf(post.pageId)}/posts/${post.id}/post_updates/${update.id}`)),
    }),
    postUpdate: (update: FakePostUpdate) => ({
      id: update.id,
      type: 'status_page_post_update',
      self: `${pageSelf(update.pageId)}/posts/${update.postId}/post_updates/${update.id}`,
      post: ref('status_page_post', update.postId, `${pageSelf(update.pageId)}/posts/${update.postId}`),
      message: update.message,
      reviewed_status: 'approved',
      status: ref('status_page_status', update.statusId, `${pageSelf(update.pageId)}/statuses/${update.statusId}`),
      severity: ref('status_page_severity', update.severityId, `${pageSelf(update.pageId)}/severities/${update.severityId}`),
      impacted_services: update.impactedServices.map(({ serviceId, impactId }) => ({
        service: ref('status_page_service', serviceId, `${pageSelf(update.pageId)}/services/${serviceId}`),
        impact: ref('status_page_impact', impactId, `${pageSelf(update.pageId)}/impacts/${impactId}`),
      })),
      update_frequency_ms: update.updateFrequencyMs,
      notify_subscribers: update.notifySubscribers,
      reported_at: update.reportedAt,
    }),
  };
}
