// JSON nested deeper than any body of the contract is refused where it is parsed: class-transformer
// and class-validator walk a body recursively, and a 20 KB body of nested arrays would otherwise
// overflow their stack (a 500 instead of a 400). The walk here is iterative.
export const MAX_JSON_DEPTH = 32;

/** Whether a parsed JSON value nests objects and arrays deeper than `max`. */
export function nestsDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

export function tooDeepError(): Error {
  return Object.assign(new Error(`the JSON body is nested more than ${MAX_JSON_DEPTH} levels deep`), {
    statusCode: 400,
    code: 'FST_ERR_CTP_INVALID_JSON_BODY',
  });
}
