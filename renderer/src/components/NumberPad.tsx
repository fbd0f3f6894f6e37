import { useTranslation } from 'react-i18next';
import type { PadKey } from '../format';
import { Icon } from './Icon';

/**
 * A large on-screen number pad. Each key is a real button (keyboard, pointer and switch scanning alike);
 * with switch scanning the highlight stays on a number key after it is pressed (data-scan-keep), so the
 * same number can be pressed again.
 */
export function NumberPad({
  onKey,
  allowPoint,
  allowMinus,
  label,
  firstScan,
}: {
  onKey: (key: PadKey) => void;
  allowPoint: boolean;
  allowMinus: boolean;
  label?: string;
  /** Mark "1" as the first control for switch scanning. */
  firstScan?: boolean;
}) {
  const { t } = useTranslation();
  const digits: PadKey[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
  const key = (k: PadKey, content: React.ReactNode, name?: string, extra?: string) => (
    <button
      key={k}
      type="button"
      className={`sw-pad__key${extra ? ` ${extra}` : ''}`}
      onClick={() => onKey(k)}
      aria-label={name}
      data-scan-keep=""
      {...(firstScan && k === '1' ? { 'data-scan-first': '' } : {})}
    >
      {content}
    </button>
  );
  return (
    <div className="sw-pad" role="group" aria-label={label ?? t('measure.padLabel')}>
      {digits.map((d) => key(d, d))}
      {allowMinus ? key('-', '−', t('measure.minus')) : <span className="sw-pad__gap" aria-hidden="true" />}
      {key('0', '0')}
      {allowPoint ? key('.', '.', t('measure.point')) : <span className="sw-pad__gap" aria-hidden="true" />}
      {key(
        'backspace',
        <>
          <Icon name="back" className="sw-pad__icon" />
          <span>{t('measure.backspace')}</span>
        </>,
        undefined,
        'sw-pad__key--wide sw-pad__key--word',
      )}
      {key(
        'clear',
        <>
          <Icon name="cross" className="sw-pad__icon" />
          <span>{t('measure.clear')}</span>
        </>,
        undefined,
        'sw-pad__key--word',
      )}
    </div>
  );
}
