import type { ListenerRegistry } from '../listener-router.js';
import type { ListenerDeps } from '../listener-deps.js';
import { handleComponentOptions, handlePageOptions, handlePostOptions } from './external-options.js';
import {
  BULK_COMPONENTS_ACTION,
  PAGE_SELECT_ACTION,
  POST_SELECT_ACTION,
  TEMPLATE_SELECT_ACTION,
} from '../../update-form/blocks/update-form-ids.js';
import { handleTemplateOptions } from './template-options.js';

export function registerOptions(listeners: ListenerRegistry, deps: ListenerDeps): void {
  listeners.options(PAGE_SELECT_ACTION, handlePageOptions(deps));
  listeners.options(POST_SELECT_ACTION, handlePostOptions(deps));
  listeners.options(BULK_COMPONENTS_ACTION, handleComponentOptions(deps));
  listeners.options(TEMPLATE_SELECT_ACTION, handleTemplateOptions(deps));
}
