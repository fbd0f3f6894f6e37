/** The supervisor's review (issue 5): history, timeline, countersignatures, trends, help requests. docs/review.md. */
export { ReviewService, REVIEW_MIRROR_DIR, type ReviewServiceOptions } from './service';
export { ReviewStore, REVIEW_DB_FILE, REVIEW_MODEL_VERSION, type ReviewSource, type RefreshOutcome, type SourceOutcome } from './store';
