// An authorization's timeline: every event of it, oldest first, and its state as of any moment
// chosen on it (rebuilt by the server from its events).
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { useData } from '../ui/data';
import { Field, ProblemBox } from '../ui/forms';
import { date, scopesText, StatusBadge } from '../ui/format';

export function TimelinePage({ authorizationId, onOpen }: { authorizationId?: string; onOpen: (authorizationId: string) => void }) {
  const [text, setText] = useState(authorizationId ?? '');
  const [asOf, setAsOf] = useState<string>();
  useEffect(() => {
    setText(authorizationId ?? '');
    setAsOf(undefined);
  }, [authorizationId]);
  const history = useData(() => (authorizationId ? api.history(authorizationId) : Promise.resolve(undefined)), [authorizationId]);
  const state = useData(() => (authorizationId && asOf ? api.stateAsOf(authorizationId, asOf) : Promise.resolve(undefined)), [authorizationId, asOf]);
  const local = asOf ? asOf.slice(0, 19) : '';
  return (
    <>
      <h1>Authorization timeline</h1>
      <form
        className="card inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) onOpen(text.trim());
        }}
      >
        <Field id="timeline-id" label="Authorization id">
          <input id="timeline-id" value={text} onChange={(e) => setText(e.target.value)} />
        </Field>
        <button type="submit" className="primary">
          Show
        </button>
      </form>
      <ProblemBox problem={history.problem} />
      {history.data && (
        <div className="timeline-layout">
          <ol className="timeline">
            {history.data.events.map((e) => (
              <li key={e.eventId} className={asOf === e.metadata.occurredAt ? 'selected' : ''}>
                <button type="button" className="link-button" onClick={() => setAsOf(e.metadata.occurredAt)} aria-pressed={asOf === e.metadata.occurredAt}>
                  {e.type}
                </button>
                <div className="muted">
                  {date(e.metadata.occurredAt)} · {e.metadata.actor.role} {e.metadata.actor.sub}
                </div>
              </li>
            ))}
          </ol>
          <section className="card" aria-labelledby="as-of-title">
            <h2 id="as-of-title">State as of</h2>
            <Field id="as-of" label="Moment (UTC)" hint="Choose an event on the left, or any moment.">
              <input
                id="as-of"
                type="datetime-local"
                step={1}
                value={local}
                onChange={(e) => e.target.value && setAsOf(new Date(`${e.target.value}Z`).toISOString())}
              />
            </Field>
            <ProblemBox problem={state.problem} />
            {state.data && (
              <dl className="facts" data-testid="state-as-of">
                <dt>Status</dt>
                <dd>
                  <StatusBadge status={state.data.status} />
                </dd>
                <dt>Service</dt>
                <dd>{state.data.serviceName}</dd>
                <dt>Partner / seller</dt>
                <dd>
                  {state.data.partnerId} / {state.data.sellerId}
                </dd>
                <dt>Scopes</dt>
                <dd>{scopesText(state.data.scopes)}</dd>
                <dt>Expires</dt>
                <dd>{date(state.data.expiresAt)}</dd>
                {state.data.endReason && (
                  <>
                    <dt>End reason</dt>
                    <dd>{state.data.endReason}</dd>
                  </>
                )}
              </dl>
            )}
          </section>
        </div>
      )}
    </>
  );
}
