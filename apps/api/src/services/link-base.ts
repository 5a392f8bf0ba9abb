import type { Config } from '#libs/platform';

/** Where the authorization links of this deployment point: a service's link is this base and its link code. */
export const linkBaseOf = (config: Config) => `${config.publicBaseUrl}/v1/authorization-links`;
