// A page's list of cards (services, webhooks, authorizations, proposals).
import type { ReactNode } from 'react';

/** The cards, or the page's `empty` sentence once it has loaded none (nothing while it loads). */
export function CardList<T>({ items, empty, children }: { items?: T[]; empty: string; children: (item: T) => ReactNode }) {
  return (
    <>
      {items?.length === 0 && <p className="muted">{empty}</p>}
      <ul className="cards">{items?.map(children)}</ul>
    </>
  );
}
