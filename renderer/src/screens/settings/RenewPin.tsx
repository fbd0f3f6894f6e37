/**
 * A supervisor who signed in with a PIN shorter than a new one may be (saved under the rule before, on a station
 * upgraded since) is asked, politely, to choose a new PIN, on every supervisor screen until they do; the button
 * takes them to Settings → "Change my PIN" (Supervisors.tsx MyPin), its first field focused.
 */
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { useStation } from '../../store';

/** The field of a new PIN in Settings (Supervisors.tsx MyPin). */
export const MY_NEW_PIN_FIELD = 'new-pin';
let focusWhenShown = false;

/** Focus "New PIN" once Settings shows it: after its heading took focus (MyPin calls this as it mounts). */
export function focusMyPinIfAsked(): void {
  if (!focusWhenShown) return;
  focusWhenShown = false;
  focusMyPin();
}

function focusMyPin(): void {
  const field = document.getElementById(MY_NEW_PIN_FIELD);
  field?.scrollIntoView({ block: 'center' });
  field?.focus({ preventScroll: true });
}

export function RenewPinNotice() {
  const { t } = useTranslation();
  const renew = useStation((s) => s.supervisor?.renewPin === true);
  const screen = useStation((s) => s.screen);
  const go = useStation((s) => s.go);
  if (!renew) return null;
  const choose = () => {
    if (screen === 'settings') return focusMyPin();
    focusWhenShown = true;
    go('settings');
  };
  return (
    <div className="sw-alert-box" data-testid="renew-pin">
      <Notice tone="info" title={t('settings.renewPinTitle')}>
        <p>{t('settings.renewPinText')}</p>
        <Button icon="lock" onClick={choose} data-testid="renew-pin-choose">
          {t('settings.renewPinAction')}
        </Button>
      </Notice>
    </div>
  );
}
