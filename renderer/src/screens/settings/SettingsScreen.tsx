import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { ScreenHeading } from '../../components/ScreenHeading';
import type { Lang } from '../../i18n';
import { useStation } from '../../store';
import { PinGate } from './PinGate';
import { Roster } from './Roster';
import { ShareSection } from './ShareSection';
import { DesktopSettings } from '../desktop/DesktopSettings';
import { Supervisors } from './Supervisors';
import { StationForm, SupervisorForm } from './StationForms';
import { StationIdentity } from './StationIdentity';

/** Settings behind the supervisor sign-in: station, shared folder, roster, supervisors, Lock. */
export function SettingsScreen({ scanning, lang }: { scanning: boolean; lang: Lang }) {
  const { t } = useTranslation();
  const session = useStation((s) => s.supervisor);
  const lock = useStation((s) => s.lock);
  const go = useStation((s) => s.go);
  const problems = useStation((s) => s.station?.standardProblems ?? []);
  if (!session) return <PinGate scanning={scanning} lang={lang} lead={t('settings.unlockLead')} action={t('settings.unlock')} opened={t('settings.opened')} />;
  return (
    <>
      <ScreenHeading focusKey="settings-open" noFocus={scanning}>
        {t('settings.title')}
      </ScreenHeading>
      <div className="sw-actions">
        <Button variant="primary" icon="list" onClick={() => go('review')} data-testid="open-review">
          {t('review.openReview')}
        </Button>
        <Button icon="lock" onClick={() => void lock()} data-scan-first="" data-testid="lock">
          {t('settings.lock')}
        </Button>
        <Button icon="list" onClick={() => go('procurement')} data-testid="open-procurement">
          {t('settings.openProcurement')}
        </Button>
      </div>
      <StationForm />
      <StationIdentity />
      <ShareSection lang={lang} />
      <SupervisorForm />
      <Supervisors />
      <Roster />
      <DesktopSettings />
      {problems.length > 0 ? (
        <section className="sw-section" aria-labelledby="problems-title">
          <h2 className="sw-h2" id="problems-title">
            {t('settings.problemsTitle')}
          </h2>
          <ul className="sw-problems">
            {problems.map((p) => (
              <li key={p.file + p.message} lang="en">
                <strong>{p.file}</strong>: {p.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
