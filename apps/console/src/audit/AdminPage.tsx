// Admin: ban a partner or a seller, deactivate an authorization or a service.
import { useState } from 'react';
import { api } from '../api/client';
import { useCommand } from '../ui/data';
import { Field, Notice, ProblemBox } from '../ui/forms';

function AdminAction(props: {
  title: string;
  target: string;
  reasonRequired?: boolean;
  action: string;
  /** The API call; an empty optional reason is not sent (the client leaves it out). */
  send: (target: string, reason: string) => Promise<unknown>;
}) {
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string>();
  const { problem, busy, run } = useCommand();
  // "Ban partner" → ban-partner: the form's ids, stable for the labels and the tests.
  const id = props.action.toLowerCase().replaceAll(' ', '-');
  return (
    <form
      className="card"
      aria-labelledby={`${id}-title`}
      onSubmit={async (e) => {
        e.preventDefault();
        setDone(undefined);
        if (await run(() => props.send(target.trim(), reason))) setDone(`${props.action}: ${target} done.`);
      }}
    >
      <h2 id={`${id}-title`}>{props.title}</h2>
      <ProblemBox problem={problem} fields={['reason']} />
      {done && <Notice>{done}</Notice>}
      <Field id={`${id}-target`} label={props.target}>
        <input id={`${id}-target`} value={target} onChange={(e) => setTarget(e.target.value)} />
      </Field>
      <Field id={`${id}-reason`} label={props.reasonRequired ? 'Reason' : 'Reason (optional)'} name="reason" problem={problem}>
        <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <div className="actions">
        <button type="submit" className="danger" disabled={busy || !target.trim()}>
          {props.action}
        </button>
      </div>
    </form>
  );
}

export function AdminPage() {
  return (
    <>
      <h1>Administration</h1>
      <div className="grid-2">
        <AdminAction title="Ban a partner" target="Partner id" reasonRequired action="Ban partner" send={api.banPartner} />
        <AdminAction title="Ban a seller" target="Seller id" reasonRequired action="Ban seller" send={api.banSeller} />
        <AdminAction title="Deactivate an authorization" target="Authorization id" action="Deactivate authorization" send={api.adminDeactivate} />
        <AdminAction title="Deactivate a service" target="Service id" action="Deactivate service" send={api.deactivateService} />
      </div>
    </>
  );
}
