// The seller's "my service" page, under its market's menu path: every authorization it gave,
// with Edit (scopes, auto-renew), Renew, Cancel, Remove, and the partner's cancellation request.
import { useState } from 'react';
import { api, type AuthorizationView, type Market, type Scopes } from '../api/client';
import { CardList } from '../ui/cards';
import { useCommand, useData } from '../ui/data';
import { Check, Field, Notice, ProblemBox, StatusFilter, SubmitOrClose } from '../ui/forms';
import { date, scopesText, STATUSES, StatusBadge } from '../ui/format';
import { offerableIn } from '../ui/market';
import { ScopesPicker } from '../ui/scopes';

function Edit({ a, market, onDone }: { a: AuthorizationView; market: Market; onDone: () => void }) {
  const service = useData(() => api.service(a.serviceId), [a.serviceId]);
  const [scopes, setScopes] = useState<Scopes>(a.scopes);
  const [autoRenew, setAutoRenew] = useState(a.autoRenew);
  const { problem, busy, run } = useCommand();
  async function save(event: React.FormEvent) {
    event.preventDefault();
    const changed = JSON.stringify(scopes) !== JSON.stringify(a.scopes);
    const body = { ...(changed && { scopes }), ...(autoRenew !== a.autoRenew && { autoRenew }) };
    if (await run(() => api.edit(a.authorizationId, body))) onDone();
  }
  return (
    <form className="inline-form" onSubmit={save} aria-label={`Edit ${a.serviceName}`}>
      <ProblemBox problem={problem ?? service.problem} fields={['scopes', 'autoRenew']} />
      {service.data && (
        <ScopesPicker
          id={`edit-${a.authorizationId}`}
          name="scopes"
          offerable={offerableIn(market, service.data.requestedScopes)}
          value={scopes}
          onChange={setScopes}
          problem={problem}
        />
      )}
      <Check id={`edit-renew-${a.authorizationId}`} label="Renew automatically" checked={autoRenew} onChange={setAutoRenew} />
      <SubmitOrClose label="Save" busy={busy} onClose={onDone} />
    </form>
  );
}

function ReasonForm({
  id,
  label,
  action,
  send,
  onDone,
}: {
  id: string;
  label: string;
  action: string;
  send: (reason?: string) => Promise<unknown>;
  onDone: () => void;
}) {
  const [reason, setReason] = useState('');
  const { problem, busy, run } = useCommand();
  return (
    <form
      className="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (await run(() => send(reason || undefined))) onDone();
      }}
    >
      <ProblemBox problem={problem} fields={['reason']} />
      <Field id={id} label={label} name="reason" problem={problem}>
        <input id={id} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <SubmitOrClose label={action} danger busy={busy} onClose={onDone} />
    </form>
  );
}

function AuthorizationCard({ a, market }: { a: AuthorizationView; market: Market }) {
  const [open, setOpen] = useState<'edit' | 'cancel' | 'reject'>();
  const close = () => setOpen(undefined);
  const { problem, busy, run } = useCommand();
  const id = a.authorizationId;
  const active = a.status === 'ACTIVE';
  const request = a.cancellationRequest;
  return (
    <li className="card" data-service={a.serviceName} data-authorization={id}>
      <div className="row-head">
        <h3>{a.serviceName}</h3>
        <StatusBadge status={a.status} />
      </div>
      <dl className="facts">
        <dt>Partner</dt>
        <dd>{a.partnerId}</dd>
        <dt>Scopes</dt>
        <dd>{scopesText(a.scopes)}</dd>
        <dt>Granted</dt>
        <dd>{date(a.grantedAt)}</dd>
        <dt>{active ? 'Expires' : 'Ended'}</dt>
        <dd>{active ? date(a.expiresAt) : `${date(a.endedAt ?? a.expiresAt)} ${a.endReason ?? ''}`}</dd>
        <dt>Auto-renew</dt>
        <dd>{a.autoRenew ? 'on' : 'off'}</dd>
      </dl>
      {a.renewalRequestedAt && active && <Notice>The partner asks you to renew (since {date(a.renewalRequestedAt)}).</Notice>}
      {request && active && (
        <div className="notice warn" role="status">
          <strong>The partner asks to end this authorization:</strong> {request.reason}
          {request.note && <div>{request.note}</div>}
          <div className="muted">Unanswered, it ends on {date(request.dueAt)}.</div>
          <div className="actions">
            <button type="button" className="danger" disabled={busy} onClick={() => run(() => api.approveCancellation(id))}>
              Approve cancellation
            </button>
            <button type="button" onClick={() => setOpen('reject')}>
              Reject
            </button>
          </div>
        </div>
      )}
      <ProblemBox problem={problem} />
      <div className="actions">
        {active && (
          <button type="button" onClick={() => setOpen(open === 'edit' ? undefined : 'edit')} aria-expanded={open === 'edit'}>
            Edit
          </button>
        )}
        {(active || a.status === 'EXPIRED') && (
          <button type="button" disabled={busy} onClick={() => run(() => api.renew(id))}>
            Renew
          </button>
        )}
        {active && (
          <button type="button" className="danger" onClick={() => setOpen(open === 'cancel' ? undefined : 'cancel')} aria-expanded={open === 'cancel'}>
            Cancel
          </button>
        )}
        {!active && (
          <button type="button" disabled={busy} onClick={() => run(() => api.remove(id))}>
            Remove
          </button>
        )}
      </div>
      {open === 'edit' && <Edit a={a} market={market} onDone={close} />}
      {open === 'cancel' && (
        <ReasonForm id={`cancel-${id}`} label="Reason (optional)" action="Cancel authorization" send={(r) => api.cancel(id, r)} onDone={close} />
      )}
      {open === 'reject' && (
        <ReasonForm
          id={`reject-${id}`}
          label="Why you keep it (optional)"
          action="Reject the request"
          send={(r) => api.rejectCancellation(id, r)}
          onDone={close}
        />
      )}
    </li>
  );
}

export function MyServicesPage({ market }: { market: Market }) {
  const [status, setStatus] = useState('');
  const { data, problem } = useData(() => api.myServices(status || undefined), [status]);
  return (
    <>
      <nav className="breadcrumb" aria-label="Menu path">
        {(data?.menuPath ?? []).map((step) => (
          <span key={step}>{step}</span>
        ))}
      </nav>
      <h1>{data?.menuPath.at(-1) ?? 'My services'}</h1>
      <StatusFilter id="my-status" statuses={STATUSES} value={status} onChange={setStatus} />
      <ProblemBox problem={problem} />
      <CardList items={data?.items} empty="You have not authorized any partner service yet.">
        {(a) => <AuthorizationCard key={a.authorizationId} a={a} market={market} />}
      </CardList>
    </>
  );
}
