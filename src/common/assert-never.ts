/**
 * The end of an exhaustive `switch` over an outcome union: a new outcome that nobody handles is
 * a compile error here, not a silent fall-through at run time.
 */
export function assertNever(value: never): never {
  throw new Error(`Unhandled outcome: ${JSON.stringify(value)}`);
}
