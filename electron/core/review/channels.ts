/** The review domain's channels (docs/review.md): the guard has checked the supervisor session before any runs. */
import type { DomainImplementations } from '../../contract';
import { ok } from '../../contract/result';
import type { ReviewService } from './service';

export type ReviewDeps = {
  review: ReviewService;
  /** The supervisor of a session (SupervisorGate.whoIs): countersignatures and help answers carry their name. */
  whoIs?: (session: string) => { name: string } | undefined;
};

export function reviewChannels({ review, whoIs }: ReviewDeps): DomainImplementations<'review'> {
  return {
    'review.status': async () => ok(review.status()),
    'review.refresh': async () => ok(review.refresh({ share: 'sync' })),
    'review.facets': () => review.facets(),
    'review.history': ({ filter, sort, offset, limit }) => review.history({ filter, sort, offset, limit }),
    'review.timeline': ({ runId }) => review.timeline(runId),
    'review.attachment': ({ stationId, hash }) => review.attachment(stationId, hash),
    'review.sign': ({ session, target, meaning, reason, preview }) => review.sign({ target, meaning, reason, preview, signer: whoIs?.(session)?.name }),
    'review.trends': ({ period, filter }) => review.trends(period, filter),
    'help.open': () => review.helpOpen(),
    'help.seen': ({ session, eventId, runId, stationId }) => review.helpLine({ kind: 'seen', eventId, runId, stationId, signer: whoIs?.(session)?.name }),
    'help.answer': ({ session, eventId, runId, stationId }) => review.helpAnswer({ eventId, runId, stationId, signer: whoIs?.(session)?.name }),
    'help.close': ({ session, eventId, runId, stationId, note }) => review.helpLine({ kind: 'closed', eventId, runId, stationId, note, signer: whoIs?.(session)?.name }),
  };
}
