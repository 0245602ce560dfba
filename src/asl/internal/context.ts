/**
 * Shared state of one validation run: the issues found so far and document-wide facts.
 * @internal
 */
import type { AslIssue, AslIssueKind } from '../issues.js';
import type { QueryLanguage } from '../types.js';

/** A JSON object as seen by the validator (values still unchecked). @internal */
export type Obj = { readonly [key: string]: unknown };

/** True for a plain JSON object (not null, not an array). @internal */
export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Describes a JSON value's type for messages. @internal */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

/** Collects issues and document-wide facts during one validation. @internal */
export class Ctx {
  readonly issues: AslIssue[] = [];
  /** Every state name seen so far, with the pointer of its first definition. */
  readonly names = new Map<string, string>();

  constructor(readonly documentLanguage: QueryLanguage) {}

  add(kind: AslIssueKind, pointer: string, message: string): void {
    this.issues.push({ kind, pointer, message });
  }
}

/** Where a state sits, for messages and pointers. @internal */
export interface StateSite {
  readonly name: string;
  readonly pointer: string;
  /** The state's effective query language. */
  readonly language: QueryLanguage;
}
