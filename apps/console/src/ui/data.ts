// Loading a page's data, and reloading it when the page's live changes arrive or after a command.
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { Problem } from '../api/client';

/** Bumped by the app when a change relevant to the visible page arrives (or on a poll). */
export const RefreshContext = createContext(0);

export function toProblem(error: unknown): Problem {
  return error instanceof Problem ? error : new Problem(0, 'Error', (error as Error)?.message ?? String(error));
}

export function useData<T>(load: () => Promise<T>, deps: unknown[]): { data?: T; problem?: Problem; loading: boolean; reload: () => void } {
  const refresh = useContext(RefreshContext);
  const [mine, setMine] = useState(0);
  const [state, setState] = useState<{ data?: T; problem?: Problem; loading: boolean }>({ loading: true });
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error) => current && setState((s) => ({ data: s.data, problem: toProblem(error), loading: false })),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, refresh, mine]);
  const reload = useCallback(() => setMine((n) => n + 1), []);
  return { ...state, reload };
}

/** Runs a command, keeping the problem it answered for the form that sent it. */
export function useCommand(): { problem?: Problem; busy: boolean; run: <T>(command: () => Promise<T>) => Promise<T | undefined>; clear: () => void } {
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const run = useCallback(async <T>(command: () => Promise<T>) => {
    setProblem(undefined);
    setBusy(true);
    try {
      return await command();
    } catch (error) {
      setProblem(toProblem(error));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { problem, busy, run, clear: () => setProblem(undefined) };
}
