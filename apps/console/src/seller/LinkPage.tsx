// The seller's authorization page, opened from a partner's link: every service of that partner it
// can still authorize, with what its market lets it grant; several granted at once, all or nothing.
import { useEffect, useState } from 'react';
import { api, type LinkPage as LinkPageView, type Scopes } from '../api/client';
import { useCommand, useData } from '../ui/data';
import { Check, Field, Notice, ProblemBox } from '../ui/forms';
import { words } from '../ui/format';
import { allOf, ScopesPicker } from '../ui/scopes';

type Choice = { scopes: Scopes; validityDays: string; autoRenew: boolean };

/** A pasted authorization link (the API's or the console's) or a bare code. */
export function linkCodeOf(text: string): string {
  const trimmed = text.trim();
  const match = /(?:authorization-links\/|#\/link\/)([^/?#\s]+)/.exec(trimmed);
  return decodeURIComponent(match ? match[1]! : trimmed);
}

function Services({ linkCode, page }: { linkCode: string; page: LinkPageView }) {
  const [chosen, setChosen] = useState<Record<string, Choice>>({});
  const [granted, setGranted] = useState<string>();
  const { problem, busy, run } = useCommand();
  // Choices of services that left the page (granted meanwhile) are dropped; keyed by the ids as one string so that a new array of the same ids is no change.
  const shownIds = page.services.map((s) => s.serviceId).join();
  useEffect(() => {
    const ids = shownIds.split(',');
    setChosen((c) => Object.fromEntries(Object.entries(c).filter(([id]) => ids.includes(id))));
  }, [shownIds]);

  async function grant(event: React.FormEvent) {
    event.preventDefault();
    const grants = page.services
      .filter((s) => chosen[s.serviceId])
      .map((s) => {
        const c = chosen[s.serviceId]!;
        return { serviceId: s.serviceId, scopes: c.scopes, validityDays: Number(c.validityDays), autoRenew: c.autoRenew };
      });
    const answer = await run(() => api.grant(linkCode, grants));
    if (answer) {
      setGranted(`Authorized ${answer.authorizations.length} service(s). They are on your My services page.`);
      setChosen({});
    }
  }

  // errors[] name grants[i]: map each index back to the service shown.
  const order = page.services.filter((s) => chosen[s.serviceId]).map((s) => s.serviceId);
  const nameOf = (serviceId: string) => `grants[${order.indexOf(serviceId)}]`;

  return (
    <form onSubmit={grant} aria-label="Authorize services">
      {granted && <Notice>{granted}</Notice>}
      <ProblemBox problem={problem} fields={order.map((id) => nameOf(id))} />
      {page.services.length === 0 && <p className="muted">Nothing left to authorize from this partner.</p>}
      <ul className="cards">
        {page.services.map((s) => {
          const c = chosen[s.serviceId];
          const name = nameOf(s.serviceId);
          return (
            <li key={s.serviceId} className={c ? 'card chosen' : 'card'} data-service={s.name}>
              <Check
                id={`grant-${s.serviceId}`}
                label={`Authorize ${s.name}`}
                checked={!!c}
                onChange={(on) => {
                  const next = { ...chosen };
                  if (on) next[s.serviceId] = { scopes: allOf(s.offerableScopes), validityDays: String(s.validityDays), autoRenew: false };
                  else delete next[s.serviceId];
                  setChosen(next);
                }}
              />
              {s.description && <p className="muted">{s.description}</p>}
              {c && (
                <div className="grant-details">
                  <ScopesPicker
                    id={`grant-scopes-${s.serviceId}`}
                    name={`${name}.scopes`}
                    offerable={s.offerableScopes}
                    value={c.scopes}
                    problem={problem}
                    onChange={(scopes) => setChosen({ ...chosen, [s.serviceId]: { ...c, scopes } })}
                  />
                  <div className="grid-2">
                    <Field
                      id={`grant-validity-${s.serviceId}`}
                      label={`Validity (days, at most ${s.validityDays})`}
                      name={`${name}.validityDays`}
                      problem={problem}
                    >
                      <input
                        id={`grant-validity-${s.serviceId}`}
                        type="number"
                        min={1}
                        max={s.validityDays}
                        value={c.validityDays}
                        onChange={(e) => setChosen({ ...chosen, [s.serviceId]: { ...c, validityDays: e.target.value } })}
                      />
                    </Field>
                    <Check
                      id={`grant-renew-${s.serviceId}`}
                      label="Renew automatically"
                      checked={c.autoRenew}
                      onChange={(autoRenew) => setChosen({ ...chosen, [s.serviceId]: { ...c, autoRenew } })}
                    />
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {page.services.length > 0 && (
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || order.length === 0}>
            Authorize {order.length} selected
          </button>
        </div>
      )}
    </form>
  );
}

export function LinkPage({ linkCode, onOpen }: { linkCode?: string; onOpen: (linkCode: string) => void }) {
  const [text, setText] = useState(linkCode ?? '');
  useEffect(() => setText(linkCode ?? ''), [linkCode]);
  const { data, problem } = useData(() => (linkCode ? api.linkPage(linkCode) : Promise.resolve(undefined)), [linkCode]);
  return (
    <>
      <h1>Authorize a partner</h1>
      <form
        className="card inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) onOpen(linkCodeOf(text));
        }}
      >
        <Field id="link-code" label="Authorization link or code">
          <input id="link-code" value={text} onChange={(e) => setText(e.target.value)} placeholder="paste the link the partner sent you" />
        </Field>
        <button type="submit" className="primary">
          Open
        </button>
      </form>
      <ProblemBox problem={problem} />
      {data && (
        <>
          <h2>Services of partner {data.partnerId}</h2>
          <Services linkCode={linkCode!} page={data} />
          {data.unavailable && data.unavailable.length > 0 && (
            <>
              <h2>Not available now</h2>
              <ul className="cards">
                {data.unavailable.map((u) => (
                  <li key={u.serviceId} className="card muted-card">
                    <strong>{u.name}</strong> <span className="badge">{words(u.reason)}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </>
  );
}
