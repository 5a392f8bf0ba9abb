import type { MarketSettings } from '#libs/domain';
import type { Config } from '#libs/platform';

export const marketSettingsOf = (config: Config): MarketSettings => (config.seaTspAccessLaunch ? { seaTspAccessLaunch: config.seaTspAccessLaunch } : {});
