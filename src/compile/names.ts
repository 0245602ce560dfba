/**
 * Stable, readable, unique state names: derived from the step kind and id
 * (`Glue stage`, `Lambda score`, `Pass`, `Choice 2`), numbered in traversal
 * order when they repeat, at most 80 characters.
 */

const MAX = 80;

/** Title case of a kind: `glue` → `Glue`, `s3-copy` → `S3 copy`. */
export function titleOf(kind: string): string {
  const words = kind.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The default base name of a step: its kind, plus its id when that differs. */
export function stepBaseName(kind: string, id: string): string {
  const title = titleOf(kind);
  return id === '' || id === kind ? title : `${title} ${id}`;
}

/** Allocates unique state names across a whole document. */
export class StateNames {
  private readonly used = new Set<string>();

  /** True when the name is taken. */
  has(name: string): boolean {
    return this.used.has(name);
  }

  /** Reserves an explicit name; false when it is already taken. */
  reserve(name: string): boolean {
    if (this.used.has(name)) return false;
    this.used.add(name);
    return true;
  }

  /** A fresh name from a base: `base`, else `base 2`, `base 3`, … (truncated to 80 characters). */
  fresh(base: string): string {
    const clean = base.length > MAX ? base.slice(0, MAX) : base;
    if (!this.used.has(clean)) {
      this.used.add(clean);
      return clean;
    }
    for (let n = 2; ; n++) {
      const suffix = ` ${n}`;
      const name = clean.slice(0, MAX - suffix.length) + suffix;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }
}
