import type { ErrorObject, ValidateFunction } from 'ajv';
import { getPointer, isObject, resolveRef, type Json, type JsonObject } from './contract-schema-prep.js';
import type { Contract, Operation, RequestToValidate } from './contract-validator.js';

// Path, query and header parameters arrive as text; OpenAPI says how to read them (types, arrays,
// objects spread over several query keys) before their schemas can judge them.

/** Errors of every declared path, query and header parameter of an operation. */
export function checkParameters(
  contract: Contract,
  operation: Operation,
  pathParams: Record<string, string>,
  query: Map<string, string[]>,
  headers: Map<string, string[]>,
): string[] {
  const errors: string[] = [];
  for (const parameter of operation.parameters) {
    const schema = resolveRef(contract.document, getPointer(contract.document, parameter.schemaPointer));
    const where = `${parameter.in} parameter '${parameter.name}'`;
    let raw: string[] | undefined;
    if (parameter.in === 'path') raw = pathParams[parameter.name] === undefined ? undefined : [pathParams[parameter.name]!];
    else if (parameter.in === 'header') raw = headers.get(parameter.name.toLowerCase());
    else if (parameter.in === 'query') {
      if (isObject(schema) && schema.type === 'object' && isObject(schema.properties) && parameter.explode) {
        errors.push(...checkExplodedObject(contract, parameter, schema.properties, query));
        continue;
      }
      raw = query.get(parameter.name);
    } else continue;
    if (raw === undefined || raw.length === 0) {
      if (parameter.required) errors.push(`${where} is required`);
      continue;
    }
    const value = coerceParameter(contract.document, schema, raw, parameter.explode);
    if (value === TOO_MANY) {
      errors.push(`${where} must not be repeated`);
      continue;
    }
    errors.push(...checkValue(contract.validators.request(parameter.schemaPointer), value, where));
  }
  return errors;
}

/** Spring-style `pageable`: an object query parameter spread over its properties (`page=0&size=20`). */
function checkExplodedObject(
  contract: Contract,
  parameter: Operation['parameters'][number],
  properties: JsonObject,
  query: Map<string, string[]>,
): string[] {
  const errors: string[] = [];
  const schemaPointer = refTarget(contract.document, parameter.schemaPointer);
  let present = 0;
  for (const [name, property] of Object.entries(properties)) {
    const raw = query.get(name);
    if (!raw?.length) continue;
    present++;
    const value = coerceParameter(contract.document, resolveRef(contract.document, property), raw, true);
    const where = `query parameter '${name}' (of '${parameter.name}')`;
    if (value === TOO_MANY) errors.push(`${where} must not be repeated`);
    else errors.push(...checkValue(contract.validators.request(`${schemaPointer}/properties/${escapeKey(name)}`), value, where));
  }
  // The servers fill in defaults for missing members, so "required" means "at least one is given".
  if (parameter.required && present === 0)
    errors.push(`query parameter '${parameter.name}' is required (${Object.keys(properties).join(', ')})`);
  return errors;
}

function refTarget(document: JsonObject, pointer: string): string {
  let current = pointer;
  let node = getPointer(document, current);
  while (isObject(node) && typeof node.$ref === 'string') {
    current = node.$ref;
    node = getPointer(document, current);
  }
  return current;
}

const TOO_MANY = Symbol('too many values');

/** Query and path values arrive as text; give them the JSON type the schema expects before validating. */
function coerceParameter(document: JsonObject, schema: Json | undefined, raw: string[], explode: boolean): unknown {
  const type = isObject(schema) ? schema.type : undefined;
  if (type === 'array') {
    const items = isObject(schema) ? resolveRef(document, schema.items) : undefined;
    const values = explode ? raw : raw.flatMap((value) => value.split(','));
    return values.map((value) => coerceScalar(items, value));
  }
  if (raw.length > 1) return TOO_MANY;
  return coerceScalar(schema, raw[0] ?? '');
}

function coerceScalar(schema: Json | undefined, value: string): unknown {
  const type = isObject(schema) ? schema.type : undefined;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** Runs a compiled schema and words its complaints as `<where><json path> <message>`. */
export function checkValue(validate: ValidateFunction, value: unknown, where: string): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${where}${error.instancePath} ${describe(error)}`);
}

function describe(error: ErrorObject): string {
  const allowed = (error.params as { allowedValues?: unknown }).allowedValues;
  return allowed ? `${error.message}: ${JSON.stringify(allowed)}` : (error.message ?? error.keyword);
}

export function toQueryMap(path: string, query: RequestToValidate['query']): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const add = (key: string, value: string) => map.set(key, [...(map.get(key) ?? []), value]);
  const inPath = path.includes('?') ? new URLSearchParams(path.slice(path.indexOf('?') + 1)) : undefined;
  for (const [key, value] of inPath ?? []) add(key, value);
  if (query instanceof URLSearchParams) for (const [key, value] of query) add(key, value);
  else if (query) {
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      for (const item of typeof value === 'string' ? [value] : value) add(key, item);
    }
  }
  return map;
}

export function lowerCaseHeaders(headers: RequestToValidate['headers']): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) map.set(key.toLowerCase(), typeof value === 'string' ? [value] : [...value]);
  }
  return map;
}

const escapeKey = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');
