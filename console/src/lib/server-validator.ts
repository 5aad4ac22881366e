// The forms' validator: the API validates every body with the same JSON Schema (AJV on the server) and its
// problem+json errors are shown next to the fields they name, so the browser does not compile the schema
// again. Compiling it here (@rjsf/validator-ajv8) generates code with `new Function`, which the console's
// Content-Security-Policy (script-src 'self', no 'unsafe-eval') rightly refuses. Required fields are still
// marked and checked by the browser itself (the inputs carry `required`).
import type { RJSFSchema, ValidatorType } from '@rjsf/utils';

export const serverValidator: ValidatorType<Record<string, unknown>, RJSFSchema> = {
  validateFormData: () => ({ errors: [], errorSchema: {} }),
  // Used by rjsf only to choose among oneOf/anyOf branches, which the action schemas do not have.
  isValid: () => true,
  rawValidation: () => ({ errors: [] }),
};
