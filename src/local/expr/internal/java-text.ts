/**
 * How AWS (a Java service) prints values: `States.Format` uses Java's `toString` of
 * the parsed JSON (maps print as `{a=1, b=[]}`), and numbers print the way Jackson does.
 * @internal
 */

/** Java-style number text: integers without a fraction, doubles as Java prints them. */
export function javaNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) return String(n);
  // Java switches to computerized scientific notation outside [1e-3, 1e7).
  const [mant, exp] = n.toExponential().split('e') as [string, string];
  const m = mant.includes('.') ? mant : `${mant}.0`;
  return `${m}E${exp.startsWith('+') ? exp.slice(1) : exp}`;
}

/** `String.valueOf` of a JSON value as AWS prints it in States.Format. */
export function javaToString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return javaNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(javaToString).join(', ')}]`;
  const parts: string[] = [];
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) parts.push(`${k}=${javaToString(x)}`);
  return `{${parts.join(', ')}}`;
}
