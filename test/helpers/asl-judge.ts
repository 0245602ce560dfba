/**
 * Independent checks of compiled ASL: our `src/asl` validator and the
 * third-party `asl-validator` v4 (JSON-schema based) as a second judge.
 */
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { AslDocument } from '../../src/asl/types.js';
import { validateAsl } from '../../src/asl/validate.js';

interface AslValidatorResult {
  readonly isValid: boolean;
  readonly errorsText: (separator?: string) => string;
}

const require = createRequire(import.meta.url);
// asl-validator ships no type declarations; this is its documented call shape.
const aslValidator = require('asl-validator') as (definition: unknown) => AslValidatorResult;

/** Asserts that both validators accept the document. */
export function expectValidAsl(doc: AslDocument): void {
  const ours = validateAsl(doc);
  expect(ours.isOk() ? [] : ours.error).toStrictEqual([]);
  const theirs = aslValidator(JSON.parse(JSON.stringify(doc)));
  expect(theirs.isValid ? '' : theirs.errorsText('\n')).toBe('');
}
