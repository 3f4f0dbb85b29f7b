/** Error thrown when a tool list given to the classifier is not usable. */
export class ToolListError extends Error {
  override name = 'ToolListError';
  /** `INVALID_JSON`: not JSON at all. `INVALID_SHAPE`: JSON, but not a tool list, array of tools or scan result. */
  readonly code: 'INVALID_JSON' | 'INVALID_SHAPE';
  constructor(code: 'INVALID_JSON' | 'INVALID_SHAPE', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
