// The partner's proposals: offer services to one US L2L or US CB seller, follow them, withdraw.
import { useState } from 'react';
import { api, type PartnerService, type ProposalView, type Scopes } from '../api/client';
import { CardList } from '../ui/cards';
import { useCommand, useData } from '../ui/data';
import { Check, Choices, Field, Notice, ProblemBox, StatusFilter } from '../ui/forms';
import { date, scopesText, StatusBadge } from '../ui/format';
import { offerableIn } from '../ui/market';
import { allOf, ScopesPicker } from '../ui/scopes';

type Market = 'US_L2L' | 'US_CB';

function CreateProposal({ services }: { services: PartnerService[] }) {
  const [sellerId, setSellerId] = useState('');
  const [market, setMarket] = useState<Market>('US_L2L');
  const [chosen, setChosen] = useState<Record<string, Scopes>>({});
  const [message, setMessage] = useState('');
  const [expiresInDays, setExpiresInDays] = useState('30');
  const [created, setCreated] = useState<string>();
  const { problem, busy, run } = useCommand();
  const offered = services.filter((s) => s.status === 'ACTIVE' && s.markets.includes(market));

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const body = {
      sellerId: sellerId.trim(),
      sellerMarket: market,
      services: Object.entries(chosen).map(([serviceId, scopes]) => ({ serviceId, scopes })),
      ...(message && { message }),
      expiresInDays: Number(expiresInDays),
    };
    const answer = await run(() => api.createProposal(body));
    if (answer) {
      setCreated(`Proposal sent to ${body.sellerId}.`);
      setChosen({});
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="proposal-title">
      <h2 id="proposal-title">Propose services to a seller</h2>
      <ProblemBox problem={problem} fields={['sellerId', 'sellerMarket', 'services', 'message', 'expiresInDays']} />
      {created && <Notice>{created}</Notice>}
      <div className="grid-2">
        <Field id="proposal-seller" label="Seller id" name="sellerId" problem={problem}>
          <input id="proposal-seller" value={sellerId} onChange={(e) => setSellerId(e.target.value)} />
        </Field>
        <Field id="proposal-market" label="Seller's market" name="sellerMarket" problem={problem}>
          <select id="proposal-market" value={market} onChange={(e) => (setMarket(e.target.value as Market), setChosen({}))}>
            <option value="US_L2L">US_L2L</option>
            <option value="US_CB">US_CB</option>
          </select>
        </Field>
      </div>
      <Choices legend="Services" name="services" problem={problem}>
        {offered.length === 0 && <span className="muted">No active service of yours is offered in {market}.</span>}
        {offered.map((s) => {
          const offerable = offerableIn(market, s.requestedScopes);
          return (
            <div key={s.serviceId} className="proposal-service">
              <Check
                id={`proposal-service-${s.serviceId}`}
                label={s.name}
                checked={s.serviceId in chosen}
                onChange={(on) => {
                  const next = { ...chosen };
                  if (on) next[s.serviceId] = allOf(offerable);
                  else delete next[s.serviceId];
                  setChosen(next);
                }}
              />
              {chosen[s.serviceId] && (
                <ScopesPicker
                  id={`proposal-scopes-${s.serviceId}`}
                  name="services"
                  offerable={offerable}
                  value={chosen[s.serviceId]!}
                  onChange={(v) => setChosen({ ...chosen, [s.serviceId]: v })}
                />
              )}
            </div>
          );
        })}
      </Choices>
      <div className="grid-2">
        <Field id="proposal-message" label="Message (optional)" name="message" problem={problem}>
          <input id="proposal-message" value={message} onChange={(e) => setMessage(e.target.value)} />
        </Field>
        <Field id="proposal-expires" label="Expires in (days)" name="expiresInDays" problem={problem}>
          <input id="proposal-expires" type="number" value={expiresInDays} onChange={(e) => setExpiresInDays(e.target.value)} />
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Send proposal
        </button>
      </div>
    </form>
  );
}

const PROPOSAL_STATUSES = ['PENDING', 'SIGNED', 'DECLINED', 'WITHDRAWN', 'EXPIRED', 'FAILED'];

export function ProposalStatusFilter({ value, onChange }: { value: string; onChange: (status: string) => void }) {
  return <StatusFilter id="proposal-status" statuses={PROPOSAL_STATUSES} value={value} onChange={onChange} />;
}

function ProposalRow({ proposal, children }: { proposal: ProposalView; children?: React.ReactNode }) {
  return (
    <li className="card" data-proposal={proposal.proposalId}>
      <div className="row-head">
        <h3>
          {proposal.partnerId} → {proposal.sellerId} <span className="muted">({proposal.sellerMarket})</span>
        </h3>
        <StatusBadge status={proposal.status} />
      </div>
      {proposal.message && <p>{proposal.message}</p>}
      <ul className="plain">
        {proposal.services.map((s) => (
          <li key={s.serviceId}>
            <strong>{s.serviceName}</strong>: {scopesText(s.scopes)}, {s.validityDays} days
          </li>
        ))}
      </ul>
      <p className="muted">
        Sent {date(proposal.createdAt)}, expires {date(proposal.expiresAt)}
        {proposal.endReason && ` · ${proposal.endReason}`}
      </p>
      {children}
    </li>
  );
}

/** Either side's proposals, each with what this side may do with it. */
export function ProposalList(props: { proposals?: ProposalView[]; empty: string; actions: (proposal: ProposalView) => React.ReactNode }) {
  return (
    <CardList items={props.proposals} empty={props.empty}>
      {(p) => (
        <ProposalRow key={p.proposalId} proposal={p}>
          {props.actions(p)}
        </ProposalRow>
      )}
    </CardList>
  );
}

function Withdraw({ proposal }: { proposal: ProposalView }) {
  const { problem, busy, run } = useCommand();
  if (proposal.status !== 'PENDING') return null;
  return (
    <div className="actions">
      <ProblemBox problem={problem} />
      <button type="button" className="danger" disabled={busy} onClick={() => run(() => api.withdrawProposal(proposal.proposalId))}>
        Withdraw
      </button>
    </div>
  );
}

export function PartnerProposalsPage() {
  const services = useData(() => api.partnerServices('ACTIVE'), []);
  const [status, setStatus] = useState('');
  const { data, problem } = useData(() => api.partnerProposals(status || undefined), [status]);
  return (
    <>
      <h1>Proposals</h1>
      <CreateProposal services={services.data?.items ?? []} />
      <ProblemBox problem={problem} />
      <h2>Sent proposals</h2>
      <ProposalStatusFilter value={status} onChange={setStatus} />
      <ProposalList proposals={data?.items} empty="No proposal yet." actions={(p) => <Withdraw proposal={p} />} />
    </>
  );
}
