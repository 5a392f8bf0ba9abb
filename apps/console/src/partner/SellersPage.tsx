// The Seller management page: the authorizations given to this partner, filtered, sorted and
// paged, counted by status; CSV of the same filter; renewal and cancellation requests.
import { useState } from 'react';
import { api, type AuthorizationView, type SellersQuery } from '../api/client';
import { useCommand, useData } from '../ui/data';
import { Field, Notice, ProblemBox, SubmitOrClose } from '../ui/forms';
import { date, scopesText, STATUSES, StatusBadge } from '../ui/format';
import { MARKETS } from '../ui/vocabulary';

const SORTS = [
  ['-updatedAt', 'Last updated first'],
  ['updatedAt', 'Last updated last'],
  ['-grantedAt', 'Newest grant first'],
  ['grantedAt', 'Oldest grant first'],
  ['expiresAt', 'Expiring soonest'],
  ['-expiresAt', 'Expiring latest'],
] as const;

type Filters = { market: string; serviceId: string; sellerId: string; expiringWithinDays: string; sort: string };
const NO_FILTERS: Filters = { market: '', serviceId: '', sellerId: '', expiringWithinDays: '', sort: '-updatedAt' };

function queryOf(filters: Filters, status: string, page: number): SellersQuery {
  return {
    ...(status && { status: status as SellersQuery['status'] }),
    ...(filters.market && { market: filters.market as SellersQuery['market'] }),
    ...(filters.serviceId && { serviceId: filters.serviceId }),
    ...(filters.sellerId && { sellerId: filters.sellerId.trim() }),
    ...(filters.expiringWithinDays && { expiringWithinDays: Number(filters.expiringWithinDays) }),
    sort: filters.sort as SellersQuery['sort'],
    page,
    pageSize: 20,
  };
}

function CancellationRequestForm({ authorization, onDone }: { authorization: AuthorizationView; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const { problem, busy, run } = useCommand();
  const id = authorization.authorizationId;
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (await run(() => api.requestCancellation(id, reason, note || undefined))) onDone();
  }
  return (
    <form className="inline-form" onSubmit={submit}>
      <ProblemBox problem={problem} fields={['reason', 'note']} />
      <Field id={`cancel-reason-${id}`} label="Reason for the seller" name="reason" problem={problem}>
        <input id={`cancel-reason-${id}`} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <Field id={`cancel-note-${id}`} label="Note (optional)" name="note" problem={problem}>
        <input id={`cancel-note-${id}`} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <SubmitOrClose label="Send cancellation request" danger busy={busy} onClose={onDone} />
    </form>
  );
}

function SellerRow({ a, selected, onSelect }: { a: AuthorizationView; selected: boolean; onSelect: (on: boolean) => void }) {
  const [cancelling, setCancelling] = useState(false);
  const { problem, busy, run } = useCommand();
  const active = a.status === 'ACTIVE';
  return (
    <>
      <tr data-seller={a.sellerId} data-service={a.serviceName}>
        <td>
          <input
            type="checkbox"
            aria-label={`select ${a.sellerId} ${a.serviceName}`}
            checked={selected}
            disabled={!active}
            onChange={(e) => onSelect(e.target.checked)}
          />
        </td>
        <td>
          <strong>{a.sellerId}</strong>
          <div className="muted">{a.market}</div>
        </td>
        <td>{a.serviceName}</td>
        <td>
          <StatusBadge status={a.status} />
          {a.endReason && <div className="muted">{a.endReason}</div>}
          {a.cancellationRequest && <div className="muted">cancellation requested</div>}
          {a.renewalRequestedAt && <div className="muted">renewal requested {date(a.renewalRequestedAt)}</div>}
        </td>
        <td className="scopes-cell">{scopesText(a.scopes)}</td>
        <td data-label="Granted">{date(a.grantedAt)}</td>
        <td data-label="Expires">{active ? date(a.expiresAt) : <span className="muted">ended {date(a.endedAt ?? a.expiresAt)}</span>}</td>
        <td>
          <div className="row-actions">
            {active && (
              <>
                <button type="button" disabled={busy} onClick={() => run(() => api.requestRenewal(a.authorizationId))}>
                  Request renewal
                </button>
                {!a.cancellationRequest && (
                  <button type="button" className="danger" onClick={() => setCancelling(!cancelling)}>
                    Request cancellation
                  </button>
                )}
              </>
            )}
          </div>
        </td>
      </tr>
      {(cancelling || problem) && (
        <tr className="detail-row">
          <td colSpan={8}>
            <ProblemBox problem={problem} />
            {cancelling && <CancellationRequestForm authorization={a} onDone={() => setCancelling(false)} />}
          </td>
        </tr>
      )}
    </>
  );
}

export function SellersPage() {
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [notice, setNotice] = useState<string>();
  const services = useData(() => api.partnerServices(), []);
  const { data, problem } = useData(() => api.sellers(queryOf(filters, status, page)), [filters, status, page]);
  const bulk = useCommand();
  const csv = useCommand();

  function apply(event: React.FormEvent) {
    event.preventDefault();
    setFilters(draft);
    setPage(1);
  }

  async function download() {
    const blob = await csv.run(() => api.sellersCsv(queryOf(filters, status, 1)));
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'sellers.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  }

  async function renewSelected() {
    const answer = await bulk.run(() => api.requestRenewals({ authorizationIds: selected }));
    if (answer) {
      setNotice(`Renewal requested from ${answer.requested} seller(s).`);
      setSelected([]);
    }
  }

  async function renewExpiring() {
    const days = Number(filters.expiringWithinDays || 30);
    const answer = await bulk.run(() => api.requestRenewals({ expiringWithinDays: days }));
    if (answer) setNotice(`Renewal requested for ${answer.requested} authorization(s) expiring within ${days} days.`);
  }

  const counts = data?.countsByStatus;
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : 0;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const set = (name: keyof Filters) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDraft({ ...draft, [name]: e.target.value });

  return (
    <>
      <h1>Seller management</h1>
      <form className="card filters" onSubmit={apply} aria-label="Filters">
        <Field id="filter-market" label="Market">
          <select id="filter-market" value={draft.market} onChange={set('market')}>
            <option value="">All markets</option>
            {MARKETS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </Field>
        <Field id="filter-service" label="Service">
          <select id="filter-service" value={draft.serviceId} onChange={set('serviceId')}>
            <option value="">All services</option>
            {services.data?.items.map((s) => (
              <option key={s.serviceId} value={s.serviceId}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="filter-seller" label="Seller id">
          <input id="filter-seller" value={draft.sellerId} onChange={set('sellerId')} />
        </Field>
        <Field id="filter-expiring" label="Expiring within (days)">
          <input id="filter-expiring" type="number" min={1} max={365} value={draft.expiringWithinDays} onChange={set('expiringWithinDays')} />
        </Field>
        <Field id="filter-sort" label="Sort">
          <select id="filter-sort" value={draft.sort} onChange={set('sort')}>
            {SORTS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <div className="actions">
          <button type="submit" className="primary">
            Apply
          </button>
          <button type="button" onClick={download} disabled={csv.busy}>
            Download CSV
          </button>
        </div>
      </form>
      <ProblemBox problem={problem ?? csv.problem} fields={[]} />
      <div className="tabs" role="tablist" aria-label="Status">
        {['', ...STATUSES].map((s) => (
          <button
            key={s || 'ALL'}
            type="button"
            role="tab"
            aria-selected={status === s}
            className={status === s ? 'tab selected' : 'tab'}
            onClick={() => {
              setStatus(s);
              setPage(1);
            }}
          >
            {s ? `${s[0]}${s.slice(1).toLowerCase()}` : 'All'} <span className="count">{s ? (counts?.[s as keyof typeof counts] ?? 0) : total}</span>
          </button>
        ))}
      </div>
      {notice && <Notice>{notice}</Notice>}
      <ProblemBox problem={bulk.problem} />
      <div className="actions bulk">
        <button type="button" disabled={!selected.length || bulk.busy} onClick={renewSelected}>
          Request renewal of {selected.length} selected
        </button>
        <button type="button" disabled={bulk.busy} onClick={renewExpiring}>
          Request renewal of all expiring within {filters.expiringWithinDays || 30} days
        </button>
      </div>
      <div className="table-wrap">
        <table className="sellers">
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">Select</span>
              </th>
              <th scope="col">Seller</th>
              <th scope="col">Service</th>
              <th scope="col">Status</th>
              <th scope="col">Scopes</th>
              <th scope="col">Granted</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data?.items.map((a) => (
              <SellerRow
                key={a.authorizationId}
                a={a}
                selected={selected.includes(a.authorizationId)}
                onSelect={(on) => setSelected(on ? [...selected, a.authorizationId] : selected.filter((x) => x !== a.authorizationId))}
              />
            ))}
          </tbody>
        </table>
        {data && data.items.length === 0 && <p className="muted empty">No seller matches these filters.</p>}
      </div>
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          Previous
        </button>
        <span>
          Page {page} of {pages} ({data?.total ?? 0} in all)
        </span>
        <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
          Next
        </button>
      </nav>
    </>
  );
}
