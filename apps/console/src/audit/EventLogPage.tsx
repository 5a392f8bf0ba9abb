// The auditor's event log: the global history in order, a page at a time, filtered by type.
import { useState } from 'react';
import { api } from '../api/client';
import { useData } from '../ui/data';
import { CheckboxGroup, Field, ProblemBox } from '../ui/forms';
import { date } from '../ui/format';
import { EVENT_TYPES } from '../ui/vocabulary';

const idsOf = (data: Record<string, unknown>) =>
  ['partnerId', 'sellerId', 'serviceId', 'proposalId'].filter((k) => typeof data[k] === 'string').map((k) => `${k.replace(/Id$/, '')} ${data[k]}`);

export function EventLogPage({ openTimeline }: { openTimeline: (authorizationId: string) => void }) {
  const [types, setTypes] = useState<string[]>([]);
  const [limit, setLimit] = useState('50');
  // The positions each page started after: going back is popping one.
  const [starts, setStarts] = useState<string[]>(['0']);
  const from = starts.at(-1)!;
  const { data, problem } = useData(() => api.auditEvents({ fromPosition: from, limit: Number(limit), type: types }), [from, limit, types.join()]);
  const restart = () => setStarts(['0']);
  return (
    <>
      <h1>Event log</h1>
      <form className="card" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <CheckboxGroup
          legend="Event types (none chosen: all)"
          name="type"
          id="type"
          options={EVENT_TYPES}
          value={types}
          onChange={(next) => {
            setTypes(next);
            restart();
          }}
        />
        <Field id="log-limit" label="Events per page">
          <select id="log-limit" value={limit} onChange={(e) => (setLimit(e.target.value), restart())}>
            {['20', '50', '100', '500'].map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </Field>
      </form>
      <ProblemBox problem={problem} />
      <div className="table-wrap">
        <table className="events">
          <thead>
            <tr>
              <th scope="col">Position</th>
              <th scope="col">Type</th>
              <th scope="col">When</th>
              <th scope="col">Actor</th>
              <th scope="col">Concerns</th>
            </tr>
          </thead>
          <tbody>
            {data?.events.map((e) => {
              const authorizationId = typeof e.data.authorizationId === 'string' ? e.data.authorizationId : undefined;
              return (
                <tr key={e.eventId} data-type={e.type}>
                  <td>{e.position}</td>
                  <td>{e.type}</td>
                  <td className="nowrap">{date(e.metadata.occurredAt)}</td>
                  <td className="nowrap">
                    {e.metadata.actor.role} {e.metadata.actor.sub}
                  </td>
                  <td className="break">
                    {idsOf(e.data).join(' · ')}
                    {authorizationId && (
                      <>
                        {' · '}
                        <button type="button" className="link-button" onClick={() => openTimeline(authorizationId)}>
                          timeline
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {data && data.events.length === 0 && <p className="muted empty">No event on this page.</p>}
      </div>
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={starts.length <= 1} onClick={() => setStarts(starts.slice(0, -1))}>
          Previous
        </button>
        <span>Page {starts.length}</span>
        <button type="button" disabled={!data?.nextPosition} onClick={() => data?.nextPosition && setStarts([...starts, data.nextPosition])}>
          Next
        </button>
      </nav>
    </>
  );
}
