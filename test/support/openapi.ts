/**
 * Checks recorded BigCommerce HTTP exchanges against BigCommerce's own OpenAPI files (trimmed copies
 * in test/fixtures/bigcommerce-openapi/, see SOURCE.md there), so the emulator cannot drift from the
 * real API. OpenAPI 3.0 schemas are turned into JSON Schema for Ajv: `nullable`/`x-nullable` become
 * type unions, boolean `exclusiveMinimum`/`exclusiveMaximum` become numbers, `readOnly` properties
 * are not required in requests (nor `writeOnly` ones in responses), and annotation-only keywords go.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Exchange {
  method: string;
  /** As sent, e.g. `/stores/abc123/v3/catalog/products`. */
  path: string;
  /** Strings as sent; string arrays (repeated keys) are joined with commas. Other values are ignored. */
  query?: Record<string, unknown>;
  requestBody?: unknown;
  status: number;
  responseBody?: unknown;
  responseHeaders?: Record<string, string>;
}

export interface Finding {
  where: 'request' | 'response' | 'route';
  message: string;
}

export interface Specs {
  readonly operations: readonly SpecOperation[];
  readonly ajv: Ajv;
}

type Json = Record<string, unknown>;
type Mode = 'request' | 'response';

export interface SpecOperation {
  method: string;
  /** Full template, e.g. `/v3/hooks/{webhook_id}`. */
  template: string;
  pattern: RegExp;
  pathParams: string[];
  file: string;
  doc: Json;
  parameters: Json[];
  operation: Json;
  validators: Map<string, ValidateFunction>;
}

const FIXTURES = path.join(__dirname, '../fixtures/bigcommerce-openapi');
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];
const ANNOTATIONS = new Set(['example', 'examples', 'discriminator', 'xml', 'externalDocs', 'deprecated']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
const SCHEMA_ONE = new Set(['items', 'not', 'additionalProperties', 'additionalItems']);

let cached: Specs | undefined;

export function loadBigCommerceSpecs(): Specs {
  if (cached) return cached;
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  const operations: SpecOperation[] = [];
  for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Json;
    if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.0')) {
      throw new Error(`${name}: only OpenAPI 3.0 fixtures are supported`);
    }
    const file = name.replace(/\.json$/, '');
    for (const mode of ['request', 'response'] as const) {
      ajv.addSchema({ components: convertComponents(doc.components, mode) }, schemaId(file, mode));
    }
    const basePath = serverBasePath(doc);
    for (const [key, item] of Object.entries(asObject(doc.paths))) {
      const pathItem = asObject(item);
      for (const method of METHODS.filter((m) => pathItem[m])) {
        const operation = asObject(pathItem[method]);
        const template = basePath + key;
        operations.push({
          method: method.toUpperCase(),
          template,
          pattern: templatePattern(template),
          pathParams: [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? ''),
          file,
          doc,
          parameters: mergeParameters(doc, pathItem.parameters, operation.parameters),
          operation,
          validators: new Map(),
        });
      }
    }
  }
  // Literal segments win over parameters (`/hooks/admin` before `/hooks/{webhook_id}`).
  operations.sort((a, b) => paramCount(a.template) - paramCount(b.template));
  cached = { operations, ajv };
  return cached;
}

export function validateExchange(specs: Specs, ex: Exchange): Finding[] {
  const method = ex.method.toUpperCase();
  const [rawPath = '', rawQuery] = ex.path.split('?', 2);
  const apiPath = rawPath.replace(/^\/stores\/[^/]+/, '');
  const query = { ...Object.fromEntries(new URLSearchParams(rawQuery ?? '')), ...queryStrings(ex.query) };
  const candidates = specs.operations.filter((o) => o.pattern.test(apiPath));
  const op = candidates.find((o) => o.method === method);
  if (!op) {
    const known = candidates.map((o) => o.method).join(', ');
    const hint = known ? ` (documented methods: ${known})` : '';
    return [{ where: 'route', message: `${method} ${apiPath} is not a documented operation${hint}` }];
  }
  const captured = op.pattern.exec(apiPath)?.slice(1) ?? [];
  const pathValues = Object.fromEntries(op.pathParams.map((name, i) => [name, decode(captured[i] ?? '')]));
  return [
    ...checkParameters(specs, op, 'path', pathValues),
    ...checkParameters(specs, op, 'query', query),
    ...checkRequestBody(specs, op, ex.requestBody),
    ...checkResponse(specs, op, ex),
  ];
}

function checkParameters(specs: Specs, op: SpecOperation, location: 'path' | 'query', raw: Json): Finding[] {
  const declared = op.parameters.filter((p) => p.in === location);
  if (declared.length === 0) return [];
  const values: Json = {};
  for (const param of declared) {
    const name = String(param.name);
    const value = raw[name];
    if (typeof value === 'string') values[name] = coerce(op.doc, name, asObject(param.schema), value);
  }
  const validate = compiled(specs, op, location, () => ({
    type: 'object',
    properties: Object.fromEntries(declared.map((p) => [p.name, p.schema ?? {}])),
    required: declared.filter((p) => p.required === true).map((p) => p.name),
  }));
  return run(validate, values, 'request', `request ${location}`, (ptr) => ptr.slice(1));
}

function checkRequestBody(specs: Specs, op: SpecOperation, body: unknown): Finding[] {
  const requestBody = resolve(op.doc, op.operation.requestBody);
  if (!requestBody) {
    return body === undefined
      ? []
      : [{ where: 'request', message: `request body: ${op.method} ${op.template} takes no body` }];
  }
  if (body === undefined) {
    return requestBody.required === true ? [{ where: 'request', message: 'request body: missing' }] : [];
  }
  const media = mediaTypeOf(requestBody, undefined);
  if (media?.schema === undefined) return [];
  const validate = compiled(specs, op, 'body', () => media.schema);
  return run(validate, body, 'request', 'request body');
}

function checkResponse(specs: Specs, op: SpecOperation, ex: Exchange): Finding[] {
  const responses = asObject(op.operation.responses);
  const key = [String(ex.status), `${String(ex.status)[0]}XX`, 'default'].find((k) => k in responses);
  const empty = ex.responseBody === undefined || ex.responseBody === null || ex.responseBody === '';
  if (key === undefined) {
    if (ex.status === 204 && empty) return []; // v2 answers 204 for "nothing here"; rarely documented.
    const documented = Object.keys(responses).join(', ');
    const message = `response ${ex.status}: not documented for ${op.method} ${op.template} (documented: ${documented})`;
    return [{ where: 'response', message }];
  }
  const response = resolve(op.doc, responses[key]) ?? {};
  const media = mediaTypeOf(response, contentType(ex.responseHeaders));
  if (empty) {
    if (ex.status === 204 || Object.keys(asObject(media?.schema)).length === 0) return [];
    return [{ where: 'response', message: `response ${ex.status}: body is empty, the spec documents one` }];
  }
  if (!response.content) {
    return [{ where: 'response', message: `response ${ex.status}: has a body, the spec documents none` }];
  }
  if (media?.schema === undefined) return [];
  const validate = compiled(specs, op, `response ${key} ${media.type}`, () => media.schema);
  return run(validate, ex.responseBody, 'response', `response ${ex.status}`);
}

function compiled(specs: Specs, op: SpecOperation, part: string, schema: () => unknown): ValidateFunction {
  let validate = op.validators.get(part);
  if (!validate) {
    const mode: Mode = part.startsWith('response') ? 'response' : 'request';
    validate = specs.ajv.compile(asObject(toJsonSchema(schema(), mode, schemaId(op.file, mode))));
    op.validators.set(part, validate);
  }
  return validate;
}

function run(
  validate: ValidateFunction,
  value: unknown,
  where: Finding['where'],
  prefix: string,
  pointer = (ptr: string) => ptr,
): Finding[] {
  if (validate(value)) return [];
  const messages = (validate.errors ?? []).map((e) => {
    const at = pointer(e.instancePath);
    return `${prefix}${at ? ` ${at}` : ''}: ${describe(e)}`;
  });
  return [...new Set(messages)].map((message) => ({ where, message }));
}

function describe(error: ErrorObject): string {
  const params = error.params as { allowedValues?: unknown[]; additionalProperty?: string };
  if (params.allowedValues) return `${error.message}: ${params.allowedValues.map(String).join(', ')}`;
  if (params.additionalProperty) return `${error.message}: ${params.additionalProperty}`;
  return error.message ?? error.keyword;
}

/** `components` with every schema converted, registered in Ajv once per spec file and mode. */
function convertComponents(components: unknown, mode: Mode): Json {
  const { schemas, ...rest } = asObject(components);
  const converted = Object.entries(asObject(schemas)).map(([k, v]) => [k, toJsonSchema(v, mode, '')]);
  return { ...rest, schemas: Object.fromEntries(converted) };
}

/**
 * OpenAPI 3.0 schema → JSON Schema (draft-07) for Ajv. Local `$ref`s are prefixed with `refBase`, the
 * id under which the converted components of the same file and mode are registered.
 */
function toJsonSchema(node: unknown, mode: Mode, refBase: string): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, mode, refBase));
  if (typeof node !== 'object' || node === null) return node;
  const s = node as Json;
  if (typeof s.$ref === 'string') {
    const ref = s.$ref.startsWith('#') ? refBase + s.$ref : s.$ref;
    return s.nullable === true ? { anyOf: [{ $ref: ref }, { type: 'null' }] } : { $ref: ref };
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(s)) {
    if (ANNOTATIONS.has(key) || key.startsWith('x-') || key === 'nullable') continue;
    if (SCHEMA_MAPS.has(key)) {
      const entries = Object.entries(asObject(value)).map(([k, v]) => [k, toJsonSchema(v, mode, refBase)]);
      out[key] = Object.fromEntries(entries);
    } else if (SCHEMA_LISTS.has(key) || SCHEMA_ONE.has(key)) out[key] = toJsonSchema(value, mode, refBase);
    else out[key] = value;
  }
  // webhooks.v3 gives GET /hooks `data` minItems 1, yet a store without hooks answers `data: []`.
  if (mode === 'response') delete out.minItems;
  fixExclusive(out, 'exclusiveMinimum', 'minimum');
  fixExclusive(out, 'exclusiveMaximum', 'maximum');
  if (Array.isArray(out.required)) {
    const hidden = mode === 'request' ? 'readOnly' : 'writeOnly';
    const props = asObject(s.properties);
    out.required = out.required.filter((name) => asObject(props[String(name)])[hidden] !== true);
  } else {
    delete out.required; // a stray Swagger-style `required: true` on a property schema
  }
  return s.nullable === true || s['x-nullable'] === true ? allowNull(out) : out;
}

function allowNull(schema: Json): Json {
  if (typeof schema.type === 'string') {
    const out: Json = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) out.enum = [...schema.enum, null];
    return out;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

function fixExclusive(schema: Json, keyword: string, bound: string): void {
  if (typeof schema[keyword] !== 'boolean') return;
  if (schema[keyword] === true && typeof schema[bound] === 'number') {
    schema[keyword] = schema[bound];
    delete schema[bound];
  } else {
    delete schema[keyword];
  }
}

/** Query and path values arrive as strings; turn them into what the parameter's schema expects. */
function coerce(doc: Json, name: string, schema: Json, raw: string): unknown {
  const s = resolve(doc, schema) ?? {};
  if (s.type === 'array') return raw.split(',').map((v) => coerce(doc, name, asObject(s.items), v));
  // BigCommerce declares some `:in` filters as scalars although they take comma-separated lists.
  if (/:(in|not_in)$/.test(name) && raw.includes(','))
    return raw.split(',').map((v) => coerce(doc, '', s, v));
  if ((s.type === 'integer' || s.type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (s.type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/**
 * The JSON media type to check a body against: the one named by `Content-Type` if documented, else
 * `application/json`, else any `+json` or wildcard one (BigCommerce documents some errors as
 * `application/problem+json` but may answer `application/json`).
 */
function mediaTypeOf(
  holder: Json,
  contentType: string | undefined,
): { type: string; schema: unknown } | undefined {
  const content = asObject(holder.content);
  const types = Object.keys(content);
  const type =
    types.find((t) => t === contentType) ??
    types.find((t) => t === 'application/json') ??
    types.find((t) => /[/+]json$/.test(t) || t === '*/*');
  return type === undefined ? undefined : { type, schema: asObject(content[type]).schema };
}

function contentType(headers: Record<string, string> | undefined): string | undefined {
  const entry = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type');
  return entry?.[1].split(';')[0]?.trim();
}

function mergeParameters(doc: Json, pathLevel: unknown, opLevel: unknown): Json[] {
  const byKey = new Map<string, Json>();
  for (const list of [pathLevel, opLevel]) {
    for (const p of Array.isArray(list) ? list : []) {
      const param = resolve(doc, p);
      if (param) byKey.set(`${String(param.in)}:${String(param.name)}`, param);
    }
  }
  return [...byKey.values()];
}

/** Follows `$ref` chains to a local object; the result's own nested refs stay as they are. */
function resolve(doc: Json, node: unknown): Json | undefined {
  let current = node;
  for (let hops = 0; hops < 20; hops++) {
    if (typeof current !== 'object' || current === null) return undefined;
    const ref = (current as Json).$ref;
    if (typeof ref !== 'string') return current as Json;
    current = ref
      .slice(2)
      .split('/')
      .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((n, t) => asObject(n)[t], doc);
  }
  throw new Error('$ref chain too long');
}

function serverBasePath(doc: Json): string {
  const servers = Array.isArray(doc.servers) ? doc.servers : [];
  const url = String(asObject(servers[0]).url ?? '');
  return url.replace(/^https?:\/\/[^/]+/, '').replace(/^\/stores\/\{store_hash\}/, '');
}

function templatePattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`);
}

function paramCount(template: string): number {
  return template.split('{').length - 1;
}

function queryStrings(query: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query ?? {})) {
    if (Array.isArray(value)) out[key] = value.map(String).join(',');
    else if (['string', 'number', 'boolean'].includes(typeof value)) out[key] = String(value);
  }
  return out;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function schemaId(file: string, mode: Mode): string {
  return `https://bigcommerce-openapi.test/${file}/${mode}.json`;
}

function asObject(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}
