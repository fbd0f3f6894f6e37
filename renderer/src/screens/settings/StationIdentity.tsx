/** This station's key, for procurement to compare before it enrols the station (read out over the phone, say). */
import { useTranslation } from 'react-i18next';
import { useStation } from '../../store';

export function StationIdentity() {
  const { t } = useTranslation();
  const identity = useStation((s) => s.station?.identity);
  const stationId = useStation((s) => s.station?.stationId);
  if (!identity) return null;
  return (
    <section className="sw-section" aria-labelledby="identity-title" data-testid="station-identity">
      <h2 className="sw-h2" id="identity-title">
        {t('settings.identityTitle')}
      </h2>
      <p>{t('settings.identityLead')}</p>
      <dl className="sw-identity">
        <div>
          <dt>{t('settings.fingerprint')}</dt>
          <dd className="sw-identity__digits" data-testid="station-fingerprint">
            {identity.fingerprint}
          </dd>
        </div>
        <div>
          <dt>{t('settings.keyId')}</dt>
          <dd className="sw-path" data-testid="station-key-id">
            {identity.keyId}
          </dd>
        </div>
        <div>
          <dt>{t('settings.stationId')}</dt>
          <dd className="sw-path">{stationId}</dd>
        </div>
      </dl>
    </section>
  );
}
