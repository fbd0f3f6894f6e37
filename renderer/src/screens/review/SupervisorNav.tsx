import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Icon, type IconName } from '../../components/Icon';
import { type Screen, useStation } from '../../store';

/** The supervisor's own navigation: Review, Trends, Standards, Settings, and Lock. */
export function SupervisorNav({ current }: { current: Screen }) {
  const { t } = useTranslation();
  const go = useStation((s) => s.go);
  const lock = useStation((s) => s.lock);
  const items: Array<{ screen: Screen; icon: IconName; label: string; testId: string }> = [
    { screen: 'review', icon: 'list', label: t('review.navHome'), testId: 'nav-review' },
    { screen: 'trends', icon: 'flag', label: t('review.navTrends'), testId: 'nav-trends' },
    { screen: 'standards', icon: 'pencil', label: t('review.navStandards'), testId: 'nav-standards' },
    { screen: 'settings', icon: 'gear', label: t('review.navSettings'), testId: 'nav-settings' },
  ];
  return (
    <nav className="sw-subnav" aria-label={t('review.navLabel')}>
      <ul className="sw-subnav__list">
        {items.map((i) => (
          <li key={i.screen}>
            <button
              type="button"
              className="sw-btn sw-btn--secondary sw-subnav__btn"
              aria-current={current === i.screen || (current === 'timeline' && i.screen === 'review') ? 'page' : undefined}
              onClick={() => go(i.screen)}
              data-testid={i.testId}
            >
              <Icon name={i.icon} className="sw-btn__icon" />
              <span className="sw-btn__label">{i.label}</span>
            </button>
          </li>
        ))}
        <li>
          <Button icon="lock" onClick={() => void lock()} data-testid="review-lock">
            {t('review.lock')}
          </Button>
        </li>
      </ul>
    </nav>
  );
}
