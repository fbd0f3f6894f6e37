import { useTranslation } from 'react-i18next';
import type { Artisan } from '../contract';
import { Notice } from '../components/Notice';
import { ScreenHeading } from '../components/ScreenHeading';
import { initials } from '../format';
import { useStation } from '../store';
import { BeingSetUp } from './settings/PinGate';

function Avatar({ artisan }: { artisan: Artisan }) {
  if (artisan.photo) return <img className="sw-avatar sw-avatar--photo" src={artisan.photo} alt="" />;
  return (
    <span className="sw-avatar" aria-hidden="true">
      {initials(artisan.name)}
    </span>
  );
}

/** Who is working: tap your own name or photo, or scan your badge. No passwords. */
export function WhoScreen({ scanning }: { scanning: boolean }) {
  const { t } = useTranslation();
  const roster = useStation((s) => s.station?.roster ?? []);
  const select = useStation((s) => s.selectArtisan);
  const setUp = useStation((s) => s.station?.setup.complete ?? true);
  // Until first-day set-up is finished, a calm notice and the one way in (never a PIN anyone could claim).
  if (!setUp) return <BeingSetUp headingKey="who-setup" scanning={scanning} />;
  return (
    <>
      <ScreenHeading focusKey="who" noFocus={scanning}>
        {t('who.title')}
      </ScreenHeading>
      {roster.length === 0 ? (
        <Notice tone="info" title={t('who.empty')}>
          <p>{t('who.emptyHelp')}</p>
        </Notice>
      ) : (
        <>
          <p className="sw-lead">{t('who.lead')}</p>
          <ul className="sw-tiles" aria-label={t('who.listLabel')}>
            {roster.map((a, i) => (
              <li key={a.id} className="sw-tiles__item">
                <button type="button" className="sw-tile" onClick={() => void select(a)} data-testid={`artisan-${a.id}`} {...(i === 0 ? { 'data-scan-first': '' } : {})}>
                  <Avatar artisan={a} />
                  <span className="sw-tile__name">{a.name}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
