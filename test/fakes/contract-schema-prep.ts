// Turns an OpenAPI 3.0 document into something a plain JSON-Schema validator (ajv) judges the way
// the real API does: OpenAPI's own keywords are translated, and the known defects of the three
// vendored contracts (see ../shared/contracts/README.md) are patched here, in one place.

export type ContractName = 'pagerduty' | 'devhelm' | 'statuspage';

/** Requests must not be made to carry what only the server writes, and vice versa. */
export type Direction = 'request' | 'response';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];

export function prepareContract(name: ContractName, document: unknown, direction: Direction): JsonObject {
  const copy = structuredClone(document) as JsonObject;
  const root = copy;
  walkSchemas(copy, (node) => {
    if (name === 'statuspage') {
      patchComponentsMap(node);
      // `Incident.metadata` is typed "Object", which no JSON-Schema validator compiles; it means "object".
      if (node.type === 'Object') node.type = 'object';
    }
    if (name === 'pagerduty') patchStatusPageType(node);
    dropOneSidedRequired(root, node, direction === 'request' ? 'readOnly' : 'writeOnly');
  });
  // Nullable last: the patches above look at `type` and `enum` as the contract wrote them.
  walkSchemas(copy, convertNullable);
  return copy;
}

/** Every object under the document except example payloads, which are data, not schemas. */
function walkSchemas(node: Json, visit: (node: JsonObject) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walkSchemas(item, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  visit(node);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples') continue;
    walkSchemas(value, visit);
  }
}

/** OpenAPI 3.0 `nullable: true` becomes a JSON-Schema type union (plus `null` among enum values). */
function convertNullable(node: JsonObject): void {
  if (!('nullable' in node)) return;
  const nullable = node.nullable === true;
  delete node.nullable;
  if (!nullable) return;
  if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum.push(null);
  if (typeof node.type === 'string') {
    node.type = [node.type, 'null'];
    return;
  }
  if (Array.isArray(node.type)) {
    if (!node.type.includes('null')) node.type.push('null');
    return;
  }
  // No `type` to widen (a bare $ref, allOf, ...): accept null beside whatever the schema says.
  const inner: JsonObject = {};
  for (const key of Object.keys(node)) {
    if (key === 'description') continue;
    inner[key] = node[key] as Json;
    delete node[key];
  }
  node.anyOf = [inner, { type: 'null' }];
}

/** `readOnly` properties are answered by the server, so a request need not send them (writeOnly: the reverse). */
function dropOneSidedRequired(root: JsonObject, node: JsonObject, marker: 'readOnly' | 'writeOnly'): void {
  const { required, properties } = node;
  if (!Array.isArray(required) || !isObject(properties)) return;
  node.required = required.filter((name) => {
    if (typeof name !== 'string') return true;
    const property = resolveRef(root, properties[name]);
    return !(isObject(property) && property[marker] === true);
  });
}

/**
 * Statuspage models `components: {<component_id>: <status>}` with one placeholder property named like
 * a real component id; the real API takes any component id as a key.
 */
function patchComponentsMap(node: JsonObject): void {
  const properties = node.properties;
  if (!isObject(properties)) return;
  const components = properties.components;
  if (!isObject(components) || !isObject(components.properties)) return;
  const placeholders = Object.values(components.properties);
  const [placeholder] = placeholders;
  if (placeholders.length !== 1 || !isObject(placeholder) || !Array.isArray(placeholder.enum)) return;
  if (!COMPONENT_STATUSES.every((status) => (placeholder.enum as Json[]).includes(status))) return;
  delete components.properties;
  components.additionalProperties = placeholder;
}

/** PagerDuty answers `audience_specific` pages although the contract's enum stops at public/private. */
function patchStatusPageType(node: JsonObject): void {
  const values = node.enum;
  if (!Array.isArray(values)) return;
  if (values.includes('public') && values.includes('private') && !values.includes('audience_specific')) {
    values.push('audience_specific');
  }
}

/** Follows `#/...` references within the document; anything else comes back as it is. */
export function resolveRef(root: JsonObject, node: Json | undefined): Json | undefined {
  let current = node;
  for (let hops = 0; hops < 20 && isObject(current) && typeof current.$ref === 'string'; hops++) {
    current = getPointer(root, current.$ref);
  }
  return current;
}

/** The value at a `#/a/b~1c` pointer, or undefined. */
export function getPointer(root: JsonObject, ref: string): Json | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let current: Json | undefined = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isObject(current)) current = current[key];
    else return undefined;
  }
  return current;
}

/** The JSON pointer for a path of keys. */
export function toPointer(keys: readonly string[]): string {
  return `#/${keys.map((key) => key.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export type { Json, JsonObject };
