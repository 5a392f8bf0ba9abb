// The signed-in token lives in sessionStorage: it survives a reload, not the closing of the tab,
// and is never sent anywhere but the Authorization header. `/console#token=<JWT>` signs in: the
// fragment never reaches the server, and it is removed from the address bar at once.
const KEY = 'tsp-console-token';
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  signIn(token: string): void {
    sessionStorage.setItem(KEY, token.trim());
    notify();
  },
  signOut(): void {
    sessionStorage.removeItem(KEY);
    notify();
  },
  /** A 401: the token expired or is not valid any more. */
  expired(): void {
    if (sessionStorage.getItem(KEY) === null) return;
    sessionStorage.removeItem(KEY);
    sessionStorage.setItem(`${KEY}-expired`, '1');
    notify();
  },
  /** Whether the last sign-out was a refused token (the sign-in form says so once). */
  takeExpired(): boolean {
    const was = sessionStorage.getItem(`${KEY}-expired`) === '1';
    sessionStorage.removeItem(`${KEY}-expired`);
    return was;
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** Takes `#token=<JWT>` out of the address, keeping any route that follows (`#token=…&/link/CODE`). */
export function takeTokenFromFragment(): void {
  const match = /^#token=([^&]+)(?:&(.*))?$/.exec(window.location.hash);
  if (!match) return;
  session.signIn(decodeURIComponent(match[1]!));
  const rest = match[2] ? `#${match[2]}` : '';
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${rest}`);
}
