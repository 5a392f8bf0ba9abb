// What a command needs to know from other streams, read from the event store itself (never a
// read model, which may lag): services, and whether the partner or the seller is banned. On the
// embedded default the states come from its exact cache (never staler than the log).
import { Inject, Injectable } from '@nestjs/common';
import {
  type Bans,
  banDecider,
  bindingDecider,
  type BindingState,
  emptyDictionary,
  type PublishedService,
  serviceDecider,
  type ServiceState,
  streams,
  webhookDecider,
  type WebhookState,
  withEntry,
} from '#libs/domain';
import type { StreamStates } from '#libs/event-store';
import { STREAM_STATES } from '../infrastructure/injection-keys.js';

@Injectable()
export class Facts {
  constructor(@Inject(STREAM_STATES) private readonly states: StreamStates) {}

  /** The reads of one request (StreamStates.view). */
  view(): StreamStates {
    return this.states.view();
  }

  // `states`: the request's view (StreamStates.view), so that its reads compare the log's head once.
  async serviceState(serviceId: string, states: StreamStates = this.states): Promise<ServiceState> {
    return (await states.read(streams.service(serviceId), serviceDecider)).state;
  }

  async service(serviceId: string, states: StreamStates = this.states): Promise<PublishedService | undefined> {
    const state = await this.serviceState(serviceId, states);
    if (state.status === 'NONE') return undefined;
    const { cause: _c, deactivatedAt: _d, ...facts } = state as typeof state & { cause?: unknown; deactivatedAt?: unknown };
    return facts as PublishedService;
  }

  async services(serviceIds: readonly string[], states: StreamStates = this.states): Promise<Record<string, PublishedService | undefined>> {
    const unique = [...new Set(serviceIds)];
    const found = await Promise.all(unique.map((id) => this.service(id, states)));
    // Keyed by ids a client sent: a dictionary without a prototype (a service `constructor`).
    return unique.reduce((all, id, i) => withEntry(all, id, found[i]), emptyDictionary<PublishedService | undefined>());
  }

  /** A binding's authorizations and proposals, as its stream has them. */
  async binding(partnerId: string, sellerId: string): Promise<BindingState> {
    return (await this.states.read(streams.binding(partnerId, sellerId), bindingDecider)).state;
  }

  async webhook(webhookId: string): Promise<WebhookState> {
    return (await this.states.read(streams.webhook(webhookId), webhookDecider)).state;
  }

  async partnerBanned(partnerId: string, states: StreamStates = this.states): Promise<boolean> {
    return (await states.read(streams.partner(partnerId), banDecider)).state.banned;
  }

  async sellerBanned(sellerId: string, states: StreamStates = this.states): Promise<boolean> {
    return (await states.read(streams.seller(sellerId), banDecider)).state.banned;
  }

  async bans(partnerId: string, sellerId: string, states: StreamStates = this.states): Promise<Bans> {
    const [partner, seller] = await Promise.all([this.partnerBanned(partnerId, states), this.sellerBanned(sellerId, states)]);
    return { partner, seller };
  }
}
