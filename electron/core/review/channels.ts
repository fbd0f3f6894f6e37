/** The review domain's channels (docs/review.md): the guard has checked the supervisor session before any runs. */
import type { DomainImplementations } from '../../contract';
import { ok } from '../../contract/result';
import type { ReviewService } from './service';

export type ReviewDeps = { review: ReviewService };

export function reviewChannels({ review }: ReviewDeps): DomainImplementations<'review'> {
  return {
    'review.status': async () => ok(review.status()),
    'review.refresh': async () => ok(review.refresh({ share: 'sync' })),
    'review.facets': () => review.facets(),
    'review.history': ({ filter, sort, offset, limit }) => review.history({ filter, sort, offset, limit }),
    'review.timeline': ({ runId }) => review.timeline(runId),
    'review.sign': ({ target, meaning, reason, preview }) => review.sign({ target, meaning, reason, preview }),
    'review.trends': ({ period, filter }) => review.trends(period, filter),
    'help.open': () => review.helpOpen(),
    'help.seen': ({ eventId, runId, stationId }) => review.helpLine({ kind: 'seen', eventId, runId, stationId }),
    'help.answer': ({ eventId, runId, stationId }) => review.helpAnswer({ eventId, runId, stationId }),
    'help.close': ({ eventId, runId, stationId, note }) => review.helpLine({ kind: 'closed', eventId, runId, stationId, note }),
  };
}
