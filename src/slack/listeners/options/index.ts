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

export function registerOptions(app: ListenerRegistry, deps: ListenerDeps): void {
  app.options(PAGE_SELECT_ACTION, handlePageOptions(deps));
  app.options(POST_SELECT_ACTION, handlePostOptions(deps));
  app.options(BULK_COMPONENTS_ACTION, handleComponentOptions(deps));
  app.options(TEMPLATE_SELECT_ACTION, handleTemplateOptions(deps));
}
