// The shell: sign-in, who is signed in, the role's menu, the hash routes, and the live refresh.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { api, onWrite, type Market, type WhoAmI } from './api/client';
import { followChanges, type Change, type LiveStatus } from './api/live';
import { AdminPage } from './audit/AdminPage';
import { EventLogPage } from './audit/EventLogPage';
import { TimelinePage } from './audit/TimelinePage';
import { PartnerProposalsPage } from './partner/ProposalsPage';
import { SellersPage } from './partner/SellersPage';
import { ServicesPage } from './partner/ServicesPage';
import { WebhooksPage } from './partner/WebhooksPage';
import { LinkPage } from './seller/LinkPage';
import { MyServicesPage } from './seller/MyServicesPage';
import { SellerProposalsPage } from './seller/SellerProposalsPage';
import { session } from './session';
import { SignIn } from './SignIn';
import { RefreshContext, toProblem } from './ui/data';
import { ProblemBox } from './ui/forms';
import type { Problem } from './api/client';

type Role = WhoAmI['role'];
interface Page {
  path: string;
  label: string;
  /** Event types (by prefix) that change what the page shows; the stream is already the caller's own. */
  live: string[];
}

const PAGES: Record<Role, Page[]> = {
  partner: [
    { path: 'partner/services', label: 'Services', live: ['Service', 'Authorization'] },
    { path: 'partner/sellers', label: 'Seller management', live: ['Authorization', 'Service'] },
    { path: 'partner/proposals', label: 'Proposals', live: ['Proposal', 'Service'] },
    { path: 'partner/webhooks', label: 'Webhooks', live: ['Webhook', 'Authorization', 'Proposal'] },
  ],
  seller: [
    { path: 'seller/services', label: 'My services', live: ['Authorization', 'Service'] },
    { path: 'link', label: 'Authorize a partner', live: ['Authorization', 'Service'] },
    { path: 'seller/proposals', label: 'Proposals', live: ['Proposal', 'Authorization'] },
  ],
  auditor: [
    { path: 'audit/events', label: 'Event log', live: [''] },
    { path: 'audit/authorizations', label: 'Authorization timeline', live: ['Authorization'] },
  ],
  admin: [
    { path: 'audit/events', label: 'Event log', live: [''] },
    { path: 'audit/authorizations', label: 'Authorization timeline', live: ['Authorization'] },
    { path: 'admin', label: 'Administration', live: [] },
  ],
};

function useHash(): string {
  return useSyncExternalStore(
    (listener) => {
      window.addEventListener('hashchange', listener);
      return () => window.removeEventListener('hashchange', listener);
    },
    () => window.location.hash,
  );
}

const go = (path: string) => (window.location.hash = `#/${path}`);

function Shell({ who }: { who: WhoAmI }) {
  const hash = useHash();
  const pages = PAGES[who.role];
  const route = hash.replace(/^#\/?/, '');
  const page = pages.find((p) => route === p.path || route.startsWith(`${p.path}/`));
  const arg = page && route.length > page.path.length ? decodeURIComponent(route.slice(page.path.length + 1)) : undefined;
  const [refresh, setRefresh] = useState(0);
  const [live, setLive] = useState<LiveStatus>('connecting');
  const pageRef = useRef(page);
  pageRef.current = page;

  useEffect(() => {
    if (!page) go(pages[0]!.path);
  }, [page, pages]);

  // Coalesces a burst of changes into one reload of the visible page.
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const bump = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setRefresh((n) => n + 1), 150);
  }, []);
  useEffect(() => onWrite(bump), [bump]);
  useEffect(
    () =>
      followChanges(
        (change: Change) => {
          const visible = pageRef.current;
          if (visible?.live.some((prefix) => change.type.startsWith(prefix))) bump();
        },
        setLive,
        bump,
      ),
    [bump],
  );

  return (
    <>
      <header className="top">
        <div className="brand">TSP authorization</div>
        <nav className="menu" aria-label="Pages">
          {pages.map((p) => (
            <a key={p.path} href={`#/${p.path}`} aria-current={p === page ? 'page' : undefined}>
              {p.label}
            </a>
          ))}
        </nav>
        <div className="who">
          <span className={`live live-${live}`} title="live updates">
            {live === 'live' ? 'Live' : live === 'polling' ? 'Refreshing every 10 s' : live === 'connecting' ? 'Connecting' : 'Offline'}
          </span>
          <span data-testid="signed-in">
            {who.role} <strong>{who.sub}</strong>
            {who.market && ` · ${who.market}`}
          </span>
          <button type="button" onClick={() => session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main>
        <RefreshContext.Provider value={refresh}>
          {page?.path === 'partner/services' && <ServicesPage />}
          {page?.path === 'partner/sellers' && <SellersPage />}
          {page?.path === 'partner/proposals' && <PartnerProposalsPage />}
          {page?.path === 'partner/webhooks' && <WebhooksPage />}
          {page?.path === 'seller/services' && <MyServicesPage market={who.market as Market} />}
          {page?.path === 'link' && <LinkPage linkCode={arg} onOpen={(code) => go(`link/${encodeURIComponent(code)}`)} />}
          {page?.path === 'seller/proposals' && <SellerProposalsPage />}
          {page?.path === 'audit/events' && <EventLogPage openTimeline={(id) => go(`audit/authorizations/${encodeURIComponent(id)}`)} />}
          {page?.path === 'audit/authorizations' && (
            <TimelinePage authorizationId={arg} onOpen={(id) => go(`audit/authorizations/${encodeURIComponent(id)}`)} />
          )}
          {page?.path === 'admin' && <AdminPage />}
        </RefreshContext.Provider>
      </main>
    </>
  );
}

export function App() {
  const token = useSyncExternalStore(session.subscribe, session.token);
  const [who, setWho] = useState<WhoAmI>();
  const [problem, setProblem] = useState<Problem>();
  useEffect(() => {
    setWho(undefined);
    setProblem(undefined);
    if (token) api.whoami().then(setWho, (error) => setProblem(toProblem(error)));
  }, [token]);
  if (!token) return <SignIn />;
  if (problem)
    return (
      <main className="narrow">
        <ProblemBox problem={problem} />
        <button type="button" onClick={() => session.signOut()}>
          Sign in again
        </button>
      </main>
    );
  if (!who) return <main className="narrow muted">Signing in…</main>;
  return <Shell who={who} />;
}
