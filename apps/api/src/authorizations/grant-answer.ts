// The answer to a grant, and to a signed proposal (whose grants are the same events).
import type { AuthorizationGranted } from '#libs/domain';

export interface GrantResult {
  authorizations: { authorizationId: string; serviceId: string; status: 'ACTIVE'; expiresAt: string }[];
  position: string;
}

export function grantResult({ events, position }: { events: readonly { type: string; data: unknown }[]; position: bigint }): GrantResult {
  const granted = events.filter((e): e is AuthorizationGranted => e.type === 'AuthorizationGranted');
  return {
    authorizations: granted.map(({ data }) => ({
      authorizationId: data.authorizationId,
      serviceId: data.serviceId,
      status: 'ACTIVE',
      expiresAt: data.expiresAt,
    })),
    position: String(position),
  };
}
