/**
 * The types of the contract, for the screens (type-only: nothing of the core is bundled from here).
 * One door: screens import these types from './contract', never from electron/ directly.
 */
export type {
  Artisan,
  DueItem,
  ErrorInfo,
  PersonalPrefs,
  Picture,
  Result,
  RunStepView,
  RunView,
  StandardDocument,
  StationInfo,
  StationSettings,
  Step,
  SyncStatus,
  UnlockResult,
  HotSpot,
  ImportProblem,
  ImportProgress,
  ImportSummary,
  ProcurementStatus,
  ReportFormat,
  ScoreFigures,
  ScorecardView,
} from '../../electron/contract';
