/** Sync with the shared folder: the station publishes sealed segments and its identity, and pulls standards. docs/share.md. */
export {
  STATIONS_DIR, SHARE_STANDARDS_DIR, SHARE_SEGMENTS_DIR, SHARE_STATION_FILE, SHARE_IDENTITY_FORMAT, SHARE_STATION_ID_RE,
  stationsDir, stationShareDir, stationSegmentsDir, shareStandardsDir, classifySegmentFileName, temporaryNameFor, isOwnTemporaryName,
  type ShareIdentity, type SegmentFileKind,
} from './layout';
export { nodeShareFs, ShareError, shareErrorFrom, type ShareFs, type ShareFileHandle, type ShareStat, type ShareErrorCode } from './share-fs';
export { publish, listPublishedSegments, type PublishOptions, type PublishResult } from './publish';
export { pullStandards, pulledStandardFileName, type PullResult, type PulledStandardProblem } from './pull-standards';
export { StandardsPublisher, type StandardsPublisherOptions, type PublishValue } from './standards-publisher';
export { SyncService, DEFAULT_SYNC_INTERVAL_MS, type SyncServiceOptions, type SyncableStation } from './service';
