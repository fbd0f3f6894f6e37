/** Failures of the supervisor's review channels: in words, in place or in the alert region; an ended session goes back to the PIN. */

import type { T } from '../../format';
import type { ErrorInfo } from '../../contract';
import { errorText, supervisorFailure, useStation } from '../../store';

/** Error words for the review channels: a known code in plain words, else the general "nothing was saved". */
export function reviewErrorText(t: T, error: ErrorInfo): string {
  const key = `review.errors.${error.code}`;
  const text = t(key);
  return text === key ? errorText(error) : text;
}

/** The words for a failed load shown in place; none when the session ended (the PIN is shown instead). */
export function loadErrorText(t: T, error: ErrorInfo | null): string | null {
  return error && error.code !== 'SUPERVISOR_REQUIRED' ? reviewErrorText(t, error) : null;
}

/** Handles a failed review call: a locked session goes back to the PIN; anything else is said in the alert region. */
export function reviewFailure(t: T, error: ErrorInfo): void {
  if (error.code === 'SUPERVISOR_REQUIRED') return supervisorFailure(error);
  useStation.setState({ alert: { id: Date.now(), text: reviewErrorText(t, error), tone: 'error' }, message: null });
}
