// Validates answers against the schemas the served OpenAPI document declares (GET /api/openapi.json), so a
// field an answer gains or loses without its schema fails the test that reads it.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { TestApi } from './api';

/** A validator per component schema name: the answer's problems, none when it matches. */
export async function servedSchemas(api: TestApi): Promise<(name: string) => (value: unknown) => string[]> {
  const doc = (await api.call('GET', '/api/openapi.json')).body;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi.json', components: doc.components });
  return (name) => {
    const validate = ajv.compile({ $ref: `openapi.json#/components/schemas/${name}` });
    return (value) =>
      validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}
