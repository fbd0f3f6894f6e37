/**
 * The contract's channel names as plain data, for the preload: it needs only the names, not the zod
 * schemas (which would make the sandboxed preload ~750 kB). index.ts checks at compile time that this
 * list is exactly the keys of CHANNELS, so it cannot drift; a test checks the order (the domains' order in index.ts).
 */
export const CHANNEL_NAME_LIST = [
  // station
  'station.info',
  'settings.update',
  'sync.checkFolder',
  'dialog.chooseFolder',
  // runs
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
  // roster
  'artisans.byBadge',
  'artisans.setPrefs',
  'roster.save',
  'roster.remove',
  // supervisor
  'supervisor.unlock',
  'supervisor.lock',
  'supervisor.changePin',
  'supervisors.save',
  'supervisors.remove',
  'setup.start',
  'setup.confirm',
  'setup.finish',
  // standards
  'standards.get',
  'standards.picture',
  'standards.audio',
  'standards.list',
  'standards.check',
  'standards.publish',
  'standards.retire',
  // sync
  'sync.now',
  // review
  'review.status',
  'review.refresh',
  'review.facets',
  'review.history',
  'review.timeline',
  'review.attachment',
  'review.sign',
  'review.trends',
  'help.open',
  'help.seen',
  'help.answer',
  'help.close',
  // procurement
  'procurement.import',
  'procurement.status',
  'procurement.scorecard',
  'procurement.export',
  'procurement.enrolment',
  'procurement.enrol',
  'procurement.enrolmentExport',
  'procurement.enrolmentImport',
  'procurement.ledger',
  'procurement.setLedger',
  'procurement.suppliers',
  // desktop
  'dialog.chooseFile',
  'app.about',
  'print.page',
  'logs.openFolder',
  'kiosk.get',
  'kiosk.set',
  'help.alerts',
] as const;

export type ChannelNameFromList = (typeof CHANNEL_NAME_LIST)[number];

/** The Electron IPC channel name of a contract channel. */
export const ipcChannelName = (name: ChannelNameFromList): string => `steadywork:${name}`;
