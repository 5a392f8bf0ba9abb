// A given/when chain that never reaches its `then` asserts nothing and would pass silently. Each
// chain opened by `when` is tracked here until a `then…` settles it; after every test, one still
// open fails that test with where it was opened. Awaiting a chain without `then` fails at once:
// the chain is thenable only to say so.
import { afterEach } from '@jest/globals';

const open = new Map<symbol, string>();

afterEach(() => {
  if (open.size === 0) return;
  const where = [...open.values()];
  open.clear();
  throw new Error(`a given/when chain was left without then(...) and asserted nothing:\n${where.join('\n')}`);
});

/** Marks a chain open; call the returned function when its `then…` runs. */
export function openChain(): () => void {
  const key = Symbol('chain');
  const stack = new Error().stack?.split('\n').slice(3, 5).join('\n') ?? '';
  open.set(key, stack);
  return () => open.delete(key);
}

/**
 * A chain's `then` guard: `await chain` calls then(resolve, reject), a chain without an
 * expectation. It closes the chain and throws (synchronously: that reaches the awaiting code).
 */
export function refuseAwaitWithoutThen(args: readonly unknown[], close: () => void, chain: string): void {
  if (args.length === 0 || typeof args[0] !== 'function') return;
  close();
  throw new Error(`${chain} was awaited without then(...): say what it must give`);
}
