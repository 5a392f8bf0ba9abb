// The proposals addressed to this seller: sign (grants them at once) or decline.
import { useState } from 'react';
import { api, type ProposalView } from '../api/client';
import { useCommand, useData } from '../ui/data';
import { Field, ProblemBox } from '../ui/forms';
import { ProposalList, ProposalStatusFilter } from '../partner/ProposalsPage';

function Answer({ proposal }: { proposal: ProposalView }) {
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const { problem, busy, run } = useCommand();
  if (proposal.status !== 'PENDING') return null;
  const id = proposal.proposalId;
  return (
    <>
      <ProblemBox problem={problem} fields={['reason']} />
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => run(() => api.signProposal(id))}>
          Sign
        </button>
        <button type="button" onClick={() => setDeclining(!declining)} aria-expanded={declining}>
          Decline
        </button>
      </div>
      {declining && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => api.declineProposal(id, reason || undefined));
          }}
        >
          <Field id={`decline-${id}`} label="Reason (optional)" name="reason" problem={problem}>
            <input id={`decline-${id}`} value={reason} onChange={(e) => setReason(e.target.value)} />
          </Field>
          <button type="submit" className="danger" disabled={busy}>
            Decline proposal
          </button>
        </form>
      )}
    </>
  );
}

export function SellerProposalsPage() {
  const [status, setStatus] = useState('');
  const { data, problem } = useData(() => api.sellerProposals(status || undefined), [status]);
  return (
    <>
      <h1>Proposals</h1>
      <ProposalStatusFilter value={status} onChange={setStatus} />
      <ProblemBox problem={problem} />
      <ProposalList proposals={data?.items} empty="No partner has sent you a proposal." actions={(p) => <Answer proposal={p} />} />
    </>
  );
}
