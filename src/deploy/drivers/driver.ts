import type { DriverContext } from '../internal/context.js';
import type { ChangeAction, Resource } from '../model.js';

/** What reading a resource found: whether it must be created or updated, and why. */
export interface Observation {
  readonly action: Exclude<ChangeAction, 'delete'>;
  readonly reasons: readonly string[];
}

/** How the deployer reads, writes and deletes one kind of resource. */
export interface Driver<R extends Resource> {
  /** Reads the current state with Get/Describe/List calls only. */
  observe(r: R, ctx: DriverContext): Promise<Observation>;
  /** Makes the resource match `r`. Must be safe to call again after a partial failure. */
  apply(r: R, ctx: DriverContext, observed: Observation): Promise<void>;
  /** Deletes the resource; a resource that is already gone is not an error. */
  destroy(r: R, ctx: DriverContext): Promise<'deleted' | 'absent'>;
}

/** Tags as the `{ Key, Value }[]` list most services take. */
export function tagList(tags: Readonly<Record<string, string>>): { Key: string; Value: string }[] {
  return Object.keys(tags).sort().map((Key) => ({ Key, Value: tags[Key]! }));
}

/** `{ Key, Value }[]` (or `{ key, value }[]`) back to a map. */
export function tagMap(list: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of list ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}
