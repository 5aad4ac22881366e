// AJV at the edge (STYLE.md 8): one instance for bodies (no coercion), one for query strings (which are
// text by nature and coerced), schemas compiled once at load, allErrors, no extra properties.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { DomainError, type FieldError } from '../domain/errors';
import { unsafeTextErrors } from '../domain/input';

const bodyAjv = new Ajv({
  allErrors: true,
  coerceTypes: false,
  useDefaults: false,
  strict: true,
  allowUnionTypes: true,
});
const queryAjv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: true });
addFormats(bodyAjv);
addFormats(queryAjv);
// `nullable` is an OpenAPI keyword our schemas share with the OpenAPI document.
bodyAjv.addKeyword({ keyword: 'example' });
queryAjv.addKeyword({ keyword: 'example' });

const cache = new WeakMap<object, ValidateFunction>();

function compiled(ajv: Ajv, schema: object): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    cache.set(schema, fn);
  }
  return fn;
}

export const precompileBody = (schema: object) => void compiled(bodyAjv, schema);
export const precompileQuery = (schema: object) => void compiled(queryAjv, schema);

function fieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => {
    let field = e.instancePath || '';
    if (e.keyword === 'required') field += `/${(e.params as { missingProperty: string }).missingProperty}`;
    if (e.keyword === 'additionalProperties')
      field += `/${(e.params as { additionalProperty: string }).additionalProperty}`;
    return { field: field || '/', message: messageOf(e) };
  });
}

function messageOf(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required':
      return '必填';
    case 'additionalProperties':
      return '不允许的字段';
    case 'type':
      return `类型应为 ${(e.params as { type: string }).type}`;
    case 'enum':
      return `取值应为 ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).join('、')} 之一`;
    case 'maxLength':
      return `长度不能超过 ${(e.params as { limit: number }).limit}`;
    case 'minLength':
      return '不能为空';
    case 'format':
      return `格式应为 ${(e.params as { format: string }).format}`;
    default:
      return e.message ?? '无效';
  }
}

/**
 * The schema's verdict and the text rule of domain/input.ts together: every string of every body and query
 * string, whatever its schema, is checked for characters Postgres or the notices cannot hold, so a new field
 * cannot forget it.
 */
function check(fn: ValidateFunction, data: unknown, message: string, more: FieldError[] = []): void {
  const errors = fn(data) ? [] : fieldErrors(fn.errors);
  errors.push(...more, ...unsafeTextErrors(data));
  if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', message, errors);
}

export function validateBody<T>(schema: object, data: unknown): T {
  check(compiled(bodyAjv, schema), data, '请求内容校验未通过');
  return data as T;
}

/**
 * Parameters whose percent-encoding is not UTF-8 (a truncated sequence, an encoded lone surrogate such as
 * %ED%A0%80). The query parser would quietly turn them into U+FFFD, so the value checked and stored would not
 * be the one sent.
 */
function malformedQueryErrors(rawQuery: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      const name = part.split('=')[0];
      let field = name;
      try {
        field = decodeURIComponent(name);
      } catch {
        // the name itself is malformed: named as sent
      }
      errors.push({ field: `/${field}`, message: '百分号编码不是有效的 UTF-8' });
    }
  }
  return errors;
}

export function validateQuery<T>(schema: object, data: unknown, rawQuery = ''): T {
  const copy = { ...(data as object) };
  check(compiled(queryAjv, schema), copy, '查询参数校验未通过', malformedQueryErrors(rawQuery));
  return copy as T;
}
