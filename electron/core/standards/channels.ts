/**
 * The standards domain's channels: a standard version and its step pictures (open), and checking, publishing and
 * retiring versions (the guard has checked the supervisor session first). Publishing writes to the share, so the
 * publisher is handed in through StandardsPublishing and this module does not care where it lives.
 */
import type { DomainImplementations, KnownStandardVersion, StandardCheck, StandardDocument, StandardSource, ValueOf } from '../../contract';
import type { Result } from '../../contract/result';
import { SupervisorEvent, thenRecord, type RecordSupervisorAction } from '../audit/supervisor-action';
import type { LoadedStandard } from './load';
import { readStepAudio } from './audio';
import { readStepPicture } from './picture';

/** What the standards channels need of the standards that are loaded (the station's StationService). */
export interface LoadedStandards {
  standardByHash(hash: string): Result<StandardDocument>;
  loadedStandardByHash(hash: string): LoadedStandard | undefined;
}

/** What the standards channels need of the publisher (StandardsPublisher). */
export interface StandardsPublishing {
  list(): Promise<Result<KnownStandardVersion[]>>;
  check(source: StandardSource): Promise<Result<StandardCheck>>;
  publish(source: StandardSource): Promise<Result<ValueOf<'standards.publish'>>>;
  retire(id: string, version: number, reason: string): Promise<Result<null>>;
}

export type StandardsDeps = {
  standards: LoadedStandards;
  publisher: StandardsPublishing;
  /** Publishing and retiring name the supervisor who did it (audit/supervisor-action.ts). */
  record: RecordSupervisorAction;
};

export function standardsChannels({ standards, publisher, record }: StandardsDeps): DomainImplementations<'standards'> {
  return {
    'standards.get': async ({ hash }) => standards.standardByHash(hash),
    'standards.picture': ({ hash, stepId }) => readStepPicture(standards.loadedStandardByHash(hash), hash, stepId),
    'standards.audio': ({ hash, stepId, lang }) => readStepAudio(standards.loadedStandardByHash(hash), hash, stepId, lang),
    'standards.list': () => publisher.list(),
    'standards.check': ({ source }) => publisher.check(source),
    'standards.publish': async ({ session, source }) =>
      thenRecord(await publisher.publish(source), (v) =>
        record(session, { type: SupervisorEvent.standardPublished, standard: { id: v.id, version: v.version, hash: v.hash }, data: { file: v.file } }),
      ),
    'standards.retire': async ({ session, id, version, reason }) =>
      thenRecord(await publisher.retire(id, version, reason), () => record(session, { type: SupervisorEvent.standardRetired, reason, data: { id, version } })),
  };
}
