// The partner's webhooks: subscribe (the secret is shown once), rotate the secret, unsubscribe,
// and each subscription's deliveries with their attempts.
import { useState } from 'react';
import { api, type Webhook, type WebhookEventType } from '../api/client';
import { CardList } from '../ui/cards';
import { useCommand, useData } from '../ui/data';
import { CheckboxGroup, Field, ProblemBox } from '../ui/forms';
import { date, words } from '../ui/format';
import { WEBHOOK_EVENT_TYPES } from '../ui/vocabulary';

function Secret({ id, secret, onHide }: { id: string; secret: string; onHide: () => void }) {
  return (
    <div className="notice secret" role="status">
      <label htmlFor={id}>Signing secret: copy it now, it is shown only once</label>
      <input id={id} readOnly value={secret} onFocus={(e) => e.target.select()} />
      <button type="button" onClick={onHide}>
        I have copied it
      </button>
    </div>
  );
}

function Subscribe() {
  const [url, setUrl] = useState('https://');
  const [types, setTypes] = useState<WebhookEventType[]>([]);
  const [secret, setSecret] = useState<string>();
  const { problem, busy, run } = useCommand();
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const answer = await run(() => api.subscribeWebhook({ url, ...(types.length && { eventTypes: types }) }));
    if (answer) setSecret(answer.secret);
  }
  return (
    <form className="card" onSubmit={submit} aria-labelledby="subscribe-title">
      <h2 id="subscribe-title">Subscribe to notifications</h2>
      <ProblemBox problem={problem} fields={['url', 'eventTypes']} />
      {secret && <Secret id="webhook-secret" secret={secret} onHide={() => setSecret(undefined)} />}
      <Field id="webhook-url" label="URL (https)" name="url" problem={problem}>
        <input id="webhook-url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
      </Field>
      <CheckboxGroup
        legend="Event types (none chosen: all)"
        name="eventTypes"
        problem={problem}
        id="webhook-type"
        options={WEBHOOK_EVENT_TYPES}
        label={words}
        value={types}
        onChange={setTypes}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Subscribe
        </button>
      </div>
    </form>
  );
}

function Deliveries({ webhookId }: { webhookId: string }) {
  const { data, problem } = useData(() => api.deliveries(webhookId), [webhookId]);
  return (
    <div className="table-wrap">
      <ProblemBox problem={problem} />
      {data && data.items.length === 0 && <p className="muted">No delivery yet.</p>}
      {data && data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
              <th scope="col">Next attempt / delivered</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((d) => (
              <tr key={d.deliveryId}>
                <td>{words(d.eventType)}</td>
                <td>{d.status}</td>
                <td>{d.attempts}</td>
                <td>{d.lastStatusCode ?? d.lastError ?? ''}</td>
                <td>{date(d.deliveredAt ?? d.nextAttemptAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function WebhookRow({ webhook }: { webhook: Webhook }) {
  const [secret, setSecret] = useState<string>();
  const [open, setOpen] = useState(false);
  const { problem, busy, run } = useCommand();
  async function rotate() {
    const answer = await run(() => api.rotateWebhookSecret(webhook.webhookId));
    if (answer) setSecret(answer.secret);
  }
  return (
    <li className="card">
      <div className="row-head">
        <h3 className="break">{webhook.url}</h3>
      </div>
      <p className="muted">
        {webhook.eventTypes.length === WEBHOOK_EVENT_TYPES.length ? 'All event types' : webhook.eventTypes.map(words).join(', ')} · since{' '}
        {date(webhook.createdAt)}
      </p>
      <ProblemBox problem={problem} />
      {secret && <Secret id={`webhook-secret-${webhook.webhookId}`} secret={secret} onHide={() => setSecret(undefined)} />}
      <div className="actions">
        <button type="button" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? 'Hide deliveries' : 'Deliveries'}
        </button>
        <button type="button" disabled={busy} onClick={rotate}>
          Rotate secret
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => run(() => api.unsubscribeWebhook(webhook.webhookId))}>
          Unsubscribe
        </button>
      </div>
      {open && <Deliveries webhookId={webhook.webhookId} />}
    </li>
  );
}

export function WebhooksPage() {
  const { data, problem } = useData(() => api.webhooks(), []);
  return (
    <>
      <h1>Webhooks</h1>
      <Subscribe />
      <ProblemBox problem={problem} />
      <h2>Subscriptions</h2>
      <CardList items={data?.items} empty="No subscription yet.">
        {(w) => <WebhookRow key={w.webhookId} webhook={w} />}
      </CardList>
    </>
  );
}
