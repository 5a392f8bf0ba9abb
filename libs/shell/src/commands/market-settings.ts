import type { MarketSettings } from '#libs/domain';
import type { Config } from '#libs/platform';

/** The market rules this deployment has switched on (SEA_TSP_ACCESS_LAUNCH), as the domain takes them. */
export const marketSettingsOf = (config: Config): MarketSettings => (config.seaTspAccessLaunch ? { seaTspAccessLaunch: config.seaTspAccessLaunch } : {});
