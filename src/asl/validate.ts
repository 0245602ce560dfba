/**
 * The structural ASL validator: every problem of a document, each with a JSON pointer.
 *
 * Linear in the size of the document: one pass over the states, plus one reachability
 * walk per fragment. JSONata expressions are parsed with the `jsonata` package (cached
 * per expression text); JSONPath and intrinsic calls are checked by our own scanners.
 *
 * @see https://states-language.net/spec.html
 */
import { err, ok, type Result } from 'neverthrow';
import { checkFragment } from './internal/check-fragment.js';
import { checkInteger } from './internal/check-errors.js';
import { Ctx, isObj, jsonType } from './internal/context.js';
import { AslValidationError, type AslIssue } from './issues.js';
import type { AslDocument, QueryLanguage } from './types.js';

/**
 * Validates an ASL document: returns it typed when it has no problems, else every issue.
 *
 * @example
 * const result = validateAsl(JSON.parse(text));
 * if (result.isErr()) for (const i of result.error) console.error(i.pointer, i.message);
 */
export function validateAsl(doc: unknown): Result<AslDocument, AslIssue[]> {
  if (!isObj(doc)) {
    return err([{ kind: 'not-an-object', pointer: '', message: `An ASL document must be a JSON object with StartAt and States, not ${jsonType(doc)}` }]);
  }
  const ql = doc['QueryLanguage'];
  let language: QueryLanguage = 'JSONPath';
  const pre: AslIssue[] = [];
  if (ql === 'JSONata' || ql === 'JSONPath') language = ql;
  else if (ql !== undefined) {
    pre.push({ kind: 'invalid-value', pointer: '/QueryLanguage', message: `QueryLanguage must be "JSONPath" or "JSONata", got ${JSON.stringify(ql)}` });
  }
  const ctx = new Ctx(language);
  ctx.issues.push(...pre);
  checkInteger(ctx, doc['TimeoutSeconds'], '/TimeoutSeconds', 'The state machine TimeoutSeconds', 1, 99_999_999);
  const version = doc['Version'];
  if (version !== undefined && typeof version !== 'string') {
    ctx.add('invalid-value', '/Version', `Version must be a string such as "1.0", not ${jsonType(version)}`);
  }
  checkFragment(ctx, doc, '', 'document');
  return ctx.issues.length === 0 ? ok(doc as unknown as AslDocument) : err(ctx.issues);
}

/**
 * Validates an ASL document and returns it typed; throws {@link AslValidationError}
 * carrying every issue otherwise.
 */
export function validateAslOrThrow(doc: unknown): AslDocument {
  const result = validateAsl(doc);
  if (result.isOk()) return result.value;
  const [first, ...rest] = result.error;
  if (first === undefined) throw new Error('validateAsl returned an empty issue list');
  throw new AslValidationError([first, ...rest]);
}
