/** Errors the guard tells apart from store failures (kept apart from codec.ts, which loads lazily). */

/** Thrown when a value cannot be written to L2 (functions, symbols, cycles); the call still succeeds. */
export class NotSerializableError extends Error {}
/** Thrown when L2 returned something this codec did not write. */
export class CorruptValueError extends Error {}
