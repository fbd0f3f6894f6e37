/**
 * The contract's channel names as plain data, for the preload: it needs only the names, not the zod
 * schemas (which would make the sandboxed preload ~750 kB). index.ts checks at compile time that this
 * list is exactly the keys of CHANNELS, so it cannot drift.
 */
export const CHANNEL_NAME_LIST = [
  'station.info',
  'routines.due',
  'runs.start',
  'runs.get',
  'runs.open',
  'runs.tick',
  'runs.measure',
  'runs.choose',
  'runs.note',
  'runs.skip',
  'runs.deviate',
  'runs.reason',
  'runs.undo',
  'runs.help',
  'runs.complete',
  'runs.abandon',
  'standards.get',
  'standards.picture',
  'artisans.byBadge',
  'artisans.setPrefs',
  'supervisor.unlock',
  'supervisor.lock',
  'supervisor.setPin',
  'settings.update',
  'roster.save',
  'roster.remove',
  'sync.now',
  'procurement.import',
  'procurement.status',
  'procurement.scorecard',
  'procurement.export',
  'review.status',
  'review.refresh',
  'review.facets',
  'review.history',
  'review.timeline',
  'review.sign',
  'review.trends',
  'help.open',
  'help.answer',
  'standards.list',
  'standards.check',
  'standards.publish',
  'standards.retire',
] as const;

export type ChannelNameFromList = (typeof CHANNEL_NAME_LIST)[number];

/** The Electron IPC channel name of a contract channel. */
export const ipcChannelName = (name: ChannelNameFromList): string => `steadywork:${name}`;
