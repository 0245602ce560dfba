/** A failure inside a statement: the statement ends FAILED with this message. @internal */
export class StatementError extends Error {}
