// The partner's services: publish PUBLIC or CUSTOM ones, copy their authorization link, deactivate.
import { useRef, useState } from 'react';
import { api, type Market, type PartnerService, type PublishService, type RequestedScopes } from '../api/client';
import { CardList } from '../ui/cards';
import { useCommand, useData } from '../ui/data';
import { Check, CheckboxGroup, Choices, Field, Notice, ProblemBox } from '../ui/forms';
import { date, requestedText, StatusBadge } from '../ui/format';
import { MARKETS } from '../ui/vocabulary';
import { RequestedScopesPicker } from '../ui/scopes';

/** The console's own page for a link: the seller opens it and lands on the authorization page. */
export const consoleLinkOf = (linkCode: string) => `${window.location.origin}/console#/link/${encodeURIComponent(linkCode)}`;

function PublishForm() {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [visibility, setVisibility] = useState<'PUBLIC' | 'CUSTOM'>('PUBLIC');
  const [markets, setMarkets] = useState<Market[]>(['US_L2L']);
  const [scopes, setScopes] = useState<RequestedScopes>({ authorizedObjects: ['SHOP'], dataCompass: true });
  const [validityDays, setValidityDays] = useState('365');
  const [sellerIds, setSellerIds] = useState('');
  const [published, setPublished] = useState<string>();
  const { problem, busy, run } = useCommand();

  async function publish(event: React.FormEvent) {
    event.preventDefault();
    const body: PublishService = {
      name,
      ...(description && { description }),
      visibility,
      markets,
      requestedScopes: scopes,
      validityDays: Number(validityDays),
      ...(visibility === 'CUSTOM' && { sellerIds: sellerIds.split(/[\s,]+/).filter(Boolean) }),
    };
    const answer = await run(() => api.publishService(body));
    if (answer) {
      setPublished(`${name} is published. Link code ${answer.linkCode}.`);
      setName('');
      setDescription('');
    }
  }

  const fields = ['name', 'description', 'visibility', 'markets', 'requestedScopes', 'validityDays', 'sellerIds'];
  return (
    <form className="card" onSubmit={publish} aria-labelledby="publish-title">
      <h2 id="publish-title">Publish a service</h2>
      <ProblemBox problem={problem} fields={fields} />
      {published && <Notice>{published}</Notice>}
      <div className="grid-2">
        <Field id="service-name" label="Name" name="name" problem={problem}>
          <input id="service-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
        </Field>
        <Field id="service-validity" label="Longest validity (days)" name="validityDays" problem={problem}>
          <input id="service-validity" type="number" value={validityDays} onChange={(e) => setValidityDays(e.target.value)} />
        </Field>
      </div>
      <Field id="service-description" label="Description" name="description" problem={problem}>
        <textarea id="service-description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <div className="grid-2">
        <Choices legend="Visibility" name="visibility" problem={problem}>
          {(['PUBLIC', 'CUSTOM'] as const).map((v) => (
            <Check
              key={v}
              type="radio"
              name="visibility"
              id={`service-visibility-${v}`}
              label={v === 'PUBLIC' ? 'Public' : 'Custom (named sellers)'}
              checked={visibility === v}
              onChange={() => setVisibility(v)}
            />
          ))}
        </Choices>
        <CheckboxGroup legend="Markets" name="markets" problem={problem} id="service-market" options={MARKETS} value={markets} onChange={setMarkets} />
      </div>
      {visibility === 'CUSTOM' && (
        <Field id="service-sellers" label="Seller ids (comma or space separated)" name="sellerIds" problem={problem}>
          <textarea id="service-sellers" rows={2} value={sellerIds} onChange={(e) => setSellerIds(e.target.value)} />
        </Field>
      )}
      <RequestedScopesPicker id="service-scopes" value={scopes} onChange={setScopes} problem={problem} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Publish
        </button>
      </div>
    </form>
  );
}

function ServiceRow({ service }: { service: PartnerService }) {
  const [copied, setCopied] = useState<'Copied' | 'Press Ctrl+C to copy'>();
  const { problem, busy, run } = useCommand();
  const link = consoleLinkOf(service.linkCode);
  const input = useRef<HTMLInputElement>(null);
  async function copy() {
    // The clipboard API exists only in secure contexts (https, localhost): elsewhere, select the link.
    const done = navigator.clipboard
      ? await navigator.clipboard.writeText(link).then(
          () => true,
          () => false,
        )
      : false;
    if (!done) input.current?.select();
    setCopied(done ? 'Copied' : 'Press Ctrl+C to copy');
  }
  return (
    <li className="card service" data-service={service.name}>
      <div className="row-head">
        <h3>{service.name}</h3>
        <StatusBadge status={service.status} />
      </div>
      {service.description && <p className="muted">{service.description}</p>}
      <dl className="facts">
        <dt>Visibility</dt>
        <dd>
          {service.visibility}
          {service.sellerIds?.length ? ` (${service.sellerIds.join(', ')})` : ''}
        </dd>
        <dt>Markets</dt>
        <dd>{service.markets.join(', ')}</dd>
        <dt>Requests</dt>
        <dd>{requestedText(service.requestedScopes)}</dd>
        <dt>Validity</dt>
        <dd>up to {service.validityDays} days</dd>
        <dt>Active sellers</dt>
        <dd>{service.activeAuthorizations}</dd>
        <dt>Published</dt>
        <dd>{date(service.publishedAt)}</dd>
      </dl>
      {service.status === 'ACTIVE' && (
        <div className="link-row">
          <label htmlFor={`link-${service.serviceId}`}>Authorization link</label>
          <input id={`link-${service.serviceId}`} ref={input} className="link" readOnly value={link} onFocus={(e) => e.target.select()} />
          <button type="button" onClick={copy}>
            {copied ?? 'Copy link'}
          </button>
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => confirm(`Deactivate ${service.name}? Every active authorization of it ends.`) && run(() => api.deactivateService(service.serviceId))}
          >
            Deactivate
          </button>
        </div>
      )}
      <ProblemBox problem={problem} />
    </li>
  );
}

export function ServicesPage() {
  const { data, problem } = useData(() => api.partnerServices(), []);
  return (
    <>
      <h1>Services</h1>
      <PublishForm />
      <ProblemBox problem={problem} />
      <h2>Your services</h2>
      <CardList items={data?.items} empty="No service yet: publish one above.">
        {(service) => <ServiceRow key={service.serviceId} service={service} />}
      </CardList>
    </>
  );
}
