// Admin: ban a partner or a seller, deactivate an authorization or a service.
import { useState } from 'react';
import { api } from '../api/client';
import { useCommand } from '../ui/data';
import { Field, Notice, ProblemBox } from '../ui/forms';

function AdminAction(props: {
  id: string;
  title: string;
  target: string;
  reasonRequired?: boolean;
  action: string;
  send: (target: string, reason: string) => Promise<unknown>;
}) {
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string>();
  const { problem, busy, run } = useCommand();
  return (
    <form
      className="card"
      aria-labelledby={`${props.id}-title`}
      onSubmit={async (e) => {
        e.preventDefault();
        setDone(undefined);
        if (await run(() => props.send(target.trim(), reason))) setDone(`${props.action}: ${target} done.`);
      }}
    >
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <ProblemBox problem={problem} fields={['reason']} />
      {done && <Notice>{done}</Notice>}
      <Field id={`${props.id}-target`} label={props.target}>
        <input id={`${props.id}-target`} value={target} onChange={(e) => setTarget(e.target.value)} />
      </Field>
      <Field id={`${props.id}-reason`} label={props.reasonRequired ? 'Reason' : 'Reason (optional)'} name="reason" problem={problem}>
        <input id={`${props.id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
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
        <AdminAction
          id="ban-partner"
          title="Ban a partner"
          target="Partner id"
          reasonRequired
          action="Ban partner"
          send={(id, reason) => api.banPartner(id, reason)}
        />
        <AdminAction
          id="ban-seller"
          title="Ban a seller"
          target="Seller id"
          reasonRequired
          action="Ban seller"
          send={(id, reason) => api.banSeller(id, reason)}
        />
        <AdminAction
          id="deactivate-authorization"
          title="Deactivate an authorization"
          target="Authorization id"
          action="Deactivate authorization"
          send={(id, reason) => api.adminDeactivate(id, reason || undefined)}
        />
        <AdminAction
          id="deactivate-service"
          title="Deactivate a service"
          target="Service id"
          action="Deactivate service"
          send={(id, reason) => api.deactivateService(id, reason || undefined)}
        />
      </div>
    </>
  );
}
