import { Icon } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import { useStation } from '../../store';

/**
 * The run's actions, always in reach (issue 10, item 4): the step's primary action (Done, Save the reason, Save note,
 * Finish), then Undo / Read aloud / I need help, then the result of the last action in words, beside the control
 * that caused it (item 5). A column of its own beside the step that stays on screen while the step scrolls
 * (styles/run.css), so it never covers anything: the focused control cannot be hidden under it (WCAG 2.4.11).
 */
export function ActionBar({ primary, tools }: { primary?: React.ReactNode; tools?: React.ReactNode }) {
  return (
    <div className="sw-actionbar" data-testid="action-bar">
      <div className="sw-actionbar__primary">{primary ?? <PrimaryPlace />}</div>
      {tools}
      <ActionStatus />
    </div>
  );
}

/**
 * A step without a primary action (a choice: its options are the answer) keeps Done's place empty, so Undo never
 * moves to where Done was: a second tap meant for Done must not undo the step just recorded.
 */
function PrimaryPlace() {
  return (
    <div className="sw-btn sw-btn--done sw-actionbar__place" aria-hidden="true">
      <Icon name="check" className="sw-btn__icon" />
    </div>
  );
}

/**
 * The last confirmation or error, shown in place: text + icon + colour. It is announced by the live regions at the
 * top of the page (App.tsx); while this line is on the page, their copy is for screen readers only (styles/run.css),
 * so nobody reads it twice. Not a live region itself, so nothing is announced twice either.
 */
function ActionStatus() {
  const message = useStation((s) => s.alert ?? s.message);
  return (
    <div className="sw-actionbar__status" data-testid="action-status" data-tone={message?.tone}>
      {message ? <Notice key={message.id} tone={message.tone} title={message.text} className="sw-actionbar__notice" /> : null}
    </div>
  );
}
