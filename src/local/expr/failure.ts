/**
 * AWS's wording of runtime failures raised while evaluating expressions.
 *
 * AWS prefixes most runtime causes with the state and the id of its `…StateEntered`
 * event: "An error occurred while executing the state 'S' (entered at the event id #2). …".
 * Expression closures know the state name; the runner passes the event id.
 */

/**
 * Builds AWS's cause text for a runtime error of a state: the "An error occurred while
 * executing the state …" prefix plus `detail`. Without the entered event id, the
 * "(entered at the event id #N)" part is left out.
 */
export function stateFailureCause(stateName: string, enteredEventId: number | undefined, detail: string): string {
  if (enteredEventId === undefined) return `An error occurred while executing the state '${stateName}'. ${detail}`;
  return `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). ${detail}`;
}

/** JSON text of a value as AWS quotes it in causes (`undefined` reads as `null`). */
export function jsonText(value: unknown): string {
  const s = JSON.stringify(value);
  return s === undefined ? 'null' : s;
}
