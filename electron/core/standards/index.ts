/**
 * Standards: the fixed checklists. Format, loading, content hash, the registry of versions, the diff between versions
 * and retirement notes, and the check before a version is published (./check, ./media-plan). Writing a version to the
 * share is sync's job (../sync/standards-publisher).
 */
export {
  LANGUAGES,
  LocalizedText,
  Limits,
  TickStep,
  MeasurementStep,
  ChoiceStep,
  NoteStep,
  Step,
  STEP_KINDS,
  Schedule,
  StandardDocument,
  StandardRef,
  type Language,
  type StepKind,
  type Weekday,
} from './schema';
export { canonicalStandardJson, standardHash } from './hash';
export {
  describeJsonValue,
  formatPath,
  standardError,
  zodIssuesToErrors,
  WHOLE_FILE,
  WHOLE_FOLDER,
  type StandardErrorCode,
  type StandardFileError,
} from './errors';
export {
  checkMediaFiles,
  DEFAULT_MAX_STANDARD_BYTES,
  isStandardFileName,
  loadStandardsFromDir,
  mediaReferences,
  parseStandardFile,
  resolveMediaPath,
  type LoadedStandard,
  type ParseResult,
} from './load';
export { StandardRegistry } from './registry';
export { diffStandards, summarizeChanges, type StepChange } from './diff';
export { RETIRED_DIR, RetiredMarker, parseRetiredMarker, retiredMarkerFileName } from './retired';
export { checkStandard, knownVersions, shortHash, versionKey, type Checked, type Destination, type Survey } from './check';
export { MAX_MEDIA_BYTES, planMedia, readMedia, type MediaPlan } from './media-plan';
export { standardJsonSchema, standardJsonSchemaText, STANDARD_JSON_SCHEMA_ID, STANDARD_JSON_SCHEMA_PATH } from './json-schema';
