/** Raised by a step's `render` for a user-fixable problem; `compile` turns it into a `CompileIssue`. */
export class RenderError extends Error {
  /** Where in the step's options the problem is, e.g. `args['--key']`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(field === '' ? message : `${field}: ${message}`);
    this.name = 'RenderError';
    this.field = field;
  }
}
