// A start-up failure the person at the terminal can act on: printed as one line, no stack.
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
