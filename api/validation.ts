// AJV at the edge (STYLE.md 8): one instance for bodies (no coercion), one for query strings (which are
// text by nature and coerced), schemas compiled once at load, allErrors, no extra properties.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { DomainError, type FieldError } from '../domain/errors';

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

export function validateBody<T>(schema: object, data: unknown): T {
  const fn = compiled(bodyAjv, schema);
  if (!fn(data)) throw new DomainError('VALIDATION_FAILED', '请求内容校验未通过', fieldErrors(fn.errors));
  return data as T;
}

export function validateQuery<T>(schema: object, data: unknown): T {
  const copy = { ...(data as object) };
  const fn = compiled(queryAjv, schema);
  if (!fn(copy)) throw new DomainError('VALIDATION_FAILED', '查询参数校验未通过', fieldErrors(fn.errors));
  return copy as T;
}
