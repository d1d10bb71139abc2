import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import {
  getPointer,
  isObject,
  prepareContract,
  resolveRef,
  toPointer,
  type ContractName,
  type Direction,
  type Json,
  type JsonObject,
} from './contract-schema-prep.js';
import { checkParameters, checkValue, lowerCaseHeaders, toQueryMap } from './contract-parameters.js';

// Validates requests (and the fakes' own answers) against the vendored OpenAPI 3.0 contracts in
// test/contracts, so a fake rejects what the real API rejects and answers only what it would answer.

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const CONTRACTS_DIR = new URL('../contracts/', import.meta.url);
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'] as const;

export type { ContractName };

export interface Operation {
  operationId: string;
  method: string;
  pathTemplate: string;
  /** Keys under the document, for pointers into it. */
  keys: string[];
  parameters: { name: string; in: string; required: boolean; explode: boolean; schemaPointer: string }[];
}

export interface Contract {
  name: ContractName;
  /** The server URL's path ("/v1" for Statuspage): request paths may carry it or not. */
  basePath: string;
  operations: Operation[];
  document: JsonObject;
  validators: Record<Direction, (pointer: string) => ValidateFunction>;
}

export interface RequestToValidate {
  method: string;
  /** Path below the server URL; may include a query string. */
  path: string;
  query?: URLSearchParams | Record<string, string | readonly string[] | undefined>;
  headers?: Record<string, string | readonly string[] | undefined>;
  /** Parsed JSON body; undefined when none was sent. */
  body?: unknown;
}

export interface ResponseToValidate {
  method: string;
  path: string;
  status: number;
  body?: unknown;
}

export type ValidationResult =
  | { ok: true; operationId: string; pathParams: Record<string, string> }
  | { ok: false; operationId?: string; errors: string[] };

const loaded = new Map<ContractName, Contract>();

export function loadContract(name: ContractName): Contract {
  const cached = loaded.get(name);
  if (cached) return cached;
  const document = JSON.parse(readFileSync(new URL(`${name}.openapi.json`, CONTRACTS_DIR), 'utf8')) as JsonObject;
  const servers = document.servers;
  const serverUrl = Array.isArray(servers) && isObject(servers[0]) ? String(servers[0].url) : 'http://localhost';
  const contract: Contract = {
    name,
    basePath: new URL(serverUrl).pathname.replace(/\/$/, ''),
    operations: listOperations(document),
    document,
    validators: { request: compilerFor(name, document, 'request'), response: compilerFor(name, document, 'response') },
  };
  loaded.set(name, contract);
  return contract;
}

function compilerFor(name: ContractName, document: JsonObject, direction: Direction) {
  let ajv: Ajv | undefined;
  const compiled = new Map<string, ValidateFunction>();
  const id = `https://contracts.herald.test/${name}/${direction}.json`;
  return (pointer: string): ValidateFunction => {
    if (!ajv) {
      // Lazily: preparing and registering a contract costs a few milliseconds nobody needs twice.
      ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
      addFormats(ajv);
      ajv.addSchema({ ...prepareContract(name, document, direction), $id: id });
    }
    let validate = compiled.get(pointer);
    if (!validate) {
      const fragment = pointer.slice(1).split('/').map(encodeURIComponent).join('/');
      validate = ajv.compile({ $ref: `${id}#${fragment}` });
      compiled.set(pointer, validate);
    }
    return validate;
  };
}

function listOperations(document: JsonObject): Operation[] {
  const operations: Operation[] = [];
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [pathTemplate, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const keys = ['paths', pathTemplate, method];
      const shared = (Array.isArray(item.parameters) ? item.parameters : []).map((_, i) => [
        'paths',
        pathTemplate,
        'parameters',
        String(i),
      ]);
      const own = (Array.isArray(operation.parameters) ? operation.parameters : []).map((_, i) => [...keys, 'parameters', String(i)]);
      operations.push({
        operationId: typeof operation.operationId === 'string' ? operation.operationId : `${method} ${pathTemplate}`,
        method: method.toUpperCase(),
        pathTemplate,
        keys,
        parameters: [...shared, ...own].flatMap((parameterKeys) => describeParameter(document, parameterKeys)),
      });
    }
  }
  return operations;
}

function describeParameter(document: JsonObject, keys: string[]): Operation['parameters'] {
  let pointer = toPointer(keys);
  let parameter: Json | undefined = getPointer(document, pointer);
  while (isObject(parameter) && typeof parameter.$ref === 'string') {
    pointer = parameter.$ref;
    parameter = getPointer(document, pointer);
  }
  if (!isObject(parameter) || typeof parameter.name !== 'string' || typeof parameter.in !== 'string') return [];
  return [
    {
      name: parameter.name,
      in: parameter.in,
      required: parameter.required === true,
      explode: parameter.explode !== false,
      schemaPointer: `${pointer}/schema`,
    },
  ];
}

/** Finds the operation for a method and path; literal segments win over templated ones. */
export function matchOperation(
  contract: Contract,
  method: string,
  path: string,
): { operation: Operation; pathParams: Record<string, string> } | { error: string } {
  const bare = path.split('?')[0] ?? '';
  const relative = contract.basePath && bare.startsWith(`${contract.basePath}/`) ? bare.slice(contract.basePath.length) : bare;
  const segments = relative.split('/').filter(Boolean);
  let best: { operation: Operation; pathParams: Record<string, string>; literals: number } | undefined;
  let pathKnown = false;
  for (const operation of contract.operations) {
    const template = operation.pathTemplate.split('/').filter(Boolean);
    if (template.length !== segments.length) continue;
    const pathParams: Record<string, string> = {};
    let literals = 0;
    const matches = template.every((part, i) => {
      const segment = segments[i] ?? '';
      const param = /^\{(.+)\}$/.exec(part);
      if (param?.[1]) {
        pathParams[param[1]] = safeDecode(segment);
        return segment.length > 0;
      }
      literals++;
      return part === segment;
    });
    if (!matches) continue;
    pathKnown = true;
    if (operation.method !== method.toUpperCase()) continue;
    if (!best || literals > best.literals) best = { operation, pathParams, literals };
  }
  if (best) return { operation: best.operation, pathParams: best.pathParams };
  return {
    error: pathKnown ? `${method.toUpperCase()} is not allowed on ${relative}` : `no operation for ${method.toUpperCase()} ${relative}`,
  };
}

export function validateRequest(contract: Contract, request: RequestToValidate): ValidationResult {
  const match = matchOperation(contract, request.method, request.path);
  if ('error' in match) return { ok: false, errors: [match.error] };
  const { operation, pathParams } = match;
  const query = toQueryMap(request.path, request.query);
  const headers = lowerCaseHeaders(request.headers);
  const errors = checkParameters(contract, operation, pathParams, query, headers);

  const operationNode = getPointer(contract.document, toPointer(operation.keys));
  const requestBody = isObject(operationNode) ? resolveRef(contract.document, operationNode.requestBody) : undefined;
  if (request.body !== undefined) {
    const mediaKey = isObject(requestBody) ? jsonMediaKey(requestBody.content) : undefined;
    if (!mediaKey) errors.push('the operation takes no JSON request body');
    else {
      const pointer = toPointer([...operation.keys, 'requestBody', 'content', mediaKey, 'schema']);
      errors.push(...checkValue(contract.validators.request(pointer), request.body, 'body'));
    }
  } else if (isObject(requestBody) && requestBody.required === true) {
    errors.push('a request body is required');
  }

  return errors.length === 0
    ? { ok: true, operationId: operation.operationId, pathParams }
    : { ok: false, operationId: operation.operationId, errors };
}

/** Checks an answer against the status codes and body schemas the contract declares for the operation. */
export function validateResponse(contract: Contract, response: ResponseToValidate): ValidationResult {
  const match = matchOperation(contract, response.method, response.path);
  if ('error' in match) return { ok: false, errors: [match.error] };
  const { operation, pathParams } = match;
  const operationNode = getPointer(contract.document, toPointer(operation.keys));
  const responses = isObject(operationNode) && isObject(operationNode.responses) ? operationNode.responses : {};
  const status = String(response.status);
  const statusKey = [status, `${status[0]}XX`, 'default'].find((key) => key in responses);
  if (!statusKey)
    return {
      ok: false,
      operationId: operation.operationId,
      errors: [`status ${status} is not declared for ${operation.operationId}`],
    };
  const declared = resolveRef(contract.document, responses[statusKey]);
  const mediaKey = isObject(declared) ? jsonMediaKey(declared.content) : undefined;
  let errors: string[] = [];
  if (mediaKey) {
    // Walk through a response-level $ref so the pointer lands where the schema really is.
    const base =
      isObject(responses[statusKey]) && typeof (responses[statusKey] as JsonObject).$ref === 'string'
        ? ((responses[statusKey] as JsonObject).$ref as string)
        : toPointer([...operation.keys, 'responses', statusKey]);
    const pointer = `${base}/content/${mediaKey.replaceAll('~', '~0').replaceAll('/', '~1')}/schema`;
    errors = checkValue(contract.validators.response(pointer), response.body, 'response body');
  } else if (response.body !== undefined && response.body !== null && response.body !== '') {
    errors = [`status ${status} of ${operation.operationId} is declared without a body`];
  }
  return errors.length === 0
    ? { ok: true, operationId: operation.operationId, pathParams }
    : { ok: false, operationId: operation.operationId, errors };
}

/** DevHelm declares its JSON answers as `*\/*`: any JSON-ish media type counts. */
function jsonMediaKey(content: Json | undefined): string | undefined {
  if (!isObject(content)) return undefined;
  const keys = Object.keys(content);
  return keys.find((key) => /^application\/(.+\+)?json/.test(key)) ?? keys.find((key) => key === '*/*');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
