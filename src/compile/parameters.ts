/**
 * Parameters: recorded templates → ASL (`Parameters` with `.$` keys in
 * JSONPath, `Arguments` with `{% %}` strings in JSONata).
 */
import type { JsonObject, QueryLanguage } from '../asl/types.js';
import { renderParameters, renderPayload } from '../steps/expr/index.js';
import type { Template } from '../steps/expr/index.js';

/** The parameters field (`{ Parameters }` or `{ Arguments }`) of named templates. */
export function compileParameters(
  fields: { readonly [key: string]: Template },
  queryLanguage: QueryLanguage,
): { readonly Parameters: JsonObject } | { readonly Arguments: JsonObject } {
  return renderParameters(fields, queryLanguage);
}

/** A payload object (ItemReader parameters, ItemSelector) of named templates. */
export function compilePayload(fields: { readonly [key: string]: Template }, queryLanguage: QueryLanguage): JsonObject {
  return renderPayload(fields, queryLanguage);
}
