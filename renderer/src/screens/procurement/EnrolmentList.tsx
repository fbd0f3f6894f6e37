/**
 * Stations and their enrolment (docs/ledger.md, "Enrolment"): every station the ledger knows, enrolled (counted),
 * awaiting enrolment (verified, counted nowhere) or with an alarm (a changed key, a name an enrolled station has).
 * Enrolling asks to compare the key with the one the station shows in Settings first. The list can be written to a
 * file and taken from one, so a second procurement computer agrees.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isFullPath } from '../../../../electron/contract/paths';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { Icon, type IconName } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import type { EnrolmentStation, ErrorInfo } from '../../contract';
import { numberFormat, shortId, stationWords } from '../../format';
import type { Lang } from '../../i18n';
import { supervisorFailure, useStation, type Tone } from '../../store';
import { useCommand, useQuery } from '../../useChannel';
import { procurementError } from './errors';

const LOOK: Record<EnrolmentStation['status'], { icon: IconName; tone: Tone }> = {
  enrolled: { icon: 'check', tone: 'ok' },
  awaiting: { icon: 'clock', tone: 'info' },
  alarm: { icon: 'cross', tone: 'error' },
};

/**
 * The station's name as procurement may trust it: the one its journal signed. A name only in station.json (not signed:
 * a station not named yet, or an older version) is never shown as its name (docs/ledger.md "Enrolment").
 */
const trustedName = (s: EnrolmentStation): string | null => (s.signedName ? s.name : null);

function Confirm({ s, onEnrol, onCancel, busy }: { s: EnrolmentStation; onEnrol: () => void; onCancel: () => void; busy: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="sw-panel sw-enrol-confirm" role="group" aria-labelledby={`confirm-${s.stationId}`} data-testid="enrol-confirm">
      <h3 className="sw-h3" id={`confirm-${s.stationId}`}>
        {t('procurement.enrolment.confirmTitle', { station: stationWords(trustedName(s), s.stationId) })}
      </h3>
      <p>{t('procurement.enrolment.confirmLead')}</p>
      <dl className="sw-identity">
        <div>
          <dt>{t('settings.fingerprint')}</dt>
          <dd className="sw-identity__digits">{s.fingerprint}</dd>
        </div>
        <div>
          <dt>{t('settings.keyId')}</dt>
          <dd className="sw-path">{s.keyId}</dd>
        </div>
      </dl>
      <div className="sw-actions">
        <Button variant="primary" icon="check" onClick={onEnrol} aria-disabled={busy || undefined} data-testid="enrol-yes">
          {t('procurement.enrolment.confirmYes')}
        </Button>
        <Button icon="cross" onClick={onCancel} data-testid="enrol-cancel">
          {t('procurement.enrolment.confirmNo')}
        </Button>
      </div>
    </div>
  );
}

export function EnrolmentList({ session, lang, onChanged, onFailure }: { session: string; lang: Lang; onChanged: () => void; onFailure: (e: ErrorInfo) => void }) {
  const { t } = useTranslation();
  const say = useStation((s) => s.say);
  const n = numberFormat(lang);
  const list = useQuery(`procurement.enrolment:${session}`, () => api['procurement.enrolment']({ session }));
  const [asking, setAsking] = useState<string | null>(null);
  const [file, setFile] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const command = useCommand();
  const stations = list.data?.stations ?? [];

  const enrol = async (s: EnrolmentStation) => {
    if (!s.keyId) return;
    const res = await command.run(() => api['procurement.enrol']({ session, stationId: s.stationId, keyId: s.keyId as string }));
    if (!res) return;
    if (!res.ok) return res.error.code === 'SUPERVISOR_REQUIRED' ? supervisorFailure(res.error) : onFailure(res.error);
    setAsking(null);
    say(t('procurement.enrolment.enrolled', { station: stationWords(trustedName(res.value), res.value.stationId) }), 'ok');
    await list.refresh();
    onChanged();
    document.getElementById(`enrolment-row-${s.stationId}`)?.focus();
  };

  const withFile = async (which: 'export' | 'import') => {
    const path = file.trim();
    const problem = !path ? t('procurement.enrolment.errorFile') : !isFullPath(path) ? t('procurement.errorFullPath') : null;
    setFileError(problem);
    if (problem) {
      document.getElementById('enrolment-file')?.focus();
      return;
    }
    if (which === 'export') {
      const res = await command.run(() => api['procurement.enrolmentExport']({ session, file: path }));
      if (!res) return;
      if (!res.ok) return res.error.code === 'SUPERVISOR_REQUIRED' ? supervisorFailure(res.error) : setFileError(procurementError(t, res.error, path));
      say(t('procurement.enrolment.exported', { count: res.value.stations, file: res.value.file }), 'ok');
      return;
    }
    const res = await command.run(() => api['procurement.enrolmentImport']({ session, file: path }));
    if (!res) return;
    if (!res.ok) return res.error.code === 'SUPERVISOR_REQUIRED' ? supervisorFailure(res.error) : setFileError(procurementError(t, res.error, path));
    const r = res.value;
    say(t('procurement.enrolment.imported', { added: r.added.length, unchanged: r.unchanged.length, conflicts: r.conflicts.length }), r.conflicts.length > 0 ? 'warn' : 'ok');
    await list.refresh();
    onChanged();
  };

  const counts = { enrolled: 0, awaiting: 0, alarm: 0 };
  for (const s of stations) counts[s.status]++;
  return (
    <section className="sw-section" aria-labelledby="enrolment-title" data-testid="enrolment">
      <h2 className="sw-h2" id="enrolment-title">
        {t('procurement.enrolment.title')}
      </h2>
      <p>{t('procurement.enrolment.lead')}</p>
      {list.error && list.error.code !== 'SUPERVISOR_REQUIRED' && list.error.code !== 'NO_LEDGER' ? <Notice tone="warn" title={procurementError(t, list.error, '')} /> : null}
      {stations.length > 0 ? (
        <p className="sw-enrolment-counts" data-testid="enrolment-counts">
          {t('procurement.enrolment.counts', { enrolled: counts.enrolled, awaiting: counts.awaiting, alarm: counts.alarm })}
        </p>
      ) : null}
      {counts.alarm > 0 ? <Notice tone="error" title={t('procurement.enrolment.alarmNotice', { count: counts.alarm })} /> : null}
      <ul className="sw-enrolment-list">
        {stations.map((s) => {
          const look = LOOK[s.status];
          return (
            <li key={s.stationId} className="sw-panel sw-enrolment" data-testid="enrolment-station" data-station={s.stationId} data-status={s.status} data-names={s.names.length}>
              <h3 className="sw-h3" id={`enrolment-row-${s.stationId}`} tabIndex={-1}>
                {s.signedName ? stationWords(s.name, s.stationId, true) : t('procurement.enrolment.notNamed', { id: shortId(s.stationId) })}
                {' '}
                <span className="sw-tag" data-tone={look.tone}>
                  <Icon name={look.icon} className="sw-tag__icon" />
                  {t(`procurement.enrolment.status.${s.status}`)}
                </span>
              </h3>
              {!s.signedName ? (
                <p className="sw-hint" data-testid="enrolment-unsigned">
                  {t('procurement.enrolment.unsigned')}
                  {s.name ? ` ${t('procurement.enrolment.unsignedFolder', { name: s.name })}` : ''}
                </p>
              ) : null}
              <dl className="sw-identity">
                <div>
                  <dt>{t('settings.fingerprint')}</dt>
                  <dd className="sw-identity__digits">{s.fingerprint ?? t('procurement.noFigure')}</dd>
                </div>
                <div>
                  <dt>{t('settings.keyId')}</dt>
                  <dd className="sw-path">{s.keyId ?? t('procurement.noFigure')}</dd>
                </div>
                <div>
                  <dt>{t('procurement.enrolment.events')}</dt>
                  <dd>{n.format(s.events)}</dd>
                </div>
                {s.enrolment ? (
                  <div>
                    <dt>{t('procurement.enrolment.enrolledBy')}</dt>
                    <dd>{t('procurement.enrolment.enrolledWhen', { by: s.enrolment.by, at: s.enrolment.at.slice(0, 10) })}</dd>
                  </div>
                ) : null}
              </dl>
              {s.alarms.map((a) => (
                <Notice key={a.code} tone="error" title={t(`procurement.enrolment.alarm.${a.code}`)}>
                  <p lang="en">{a.message}</p>
                </Notice>
              ))}
              {s.names.length > 1 ? (
                <details className="sw-enrolment__names">
                  <summary>{t('procurement.enrolment.names', { count: s.names.length })}</summary>
                  <ol>
                    {s.names.map((x) => (
                      <li key={x.seq}>
                        {x.name} — {x.at.slice(0, 16).replace('T', ' ')}
                        {x.signer ? ` (${x.signer})` : ''}
                      </li>
                    ))}
                  </ol>
                </details>
              ) : null}
              {s.status === 'awaiting' && asking !== s.stationId ? (
                <div className="sw-actions">
                  <Button variant="primary" icon="check" onClick={() => setAsking(s.stationId)} data-testid="enrol">
                    {t('procurement.enrolment.enrol', { station: stationWords(trustedName(s), s.stationId) })}
                  </Button>
                </div>
              ) : null}
              {asking === s.stationId ? <Confirm s={s} busy={command.busy} onEnrol={() => void enrol(s)} onCancel={() => setAsking(null)} /> : null}
            </li>
          );
        })}
      </ul>
      <h3 className="sw-h3">{t('procurement.enrolment.fileTitle')}</h3>
      <TextField
        id="enrolment-file"
        label={t('procurement.enrolment.file')}
        hint={t('procurement.enrolment.fileHint')}
        error={fileError}
        value={file}
        maxLength={1024}
        spellCheck={false}
        autoComplete="off"
        className="sw-input--path"
        onChange={(e) => setFile(e.target.value)}
      />
      <div className="sw-actions">
        <Button icon="list" onClick={() => void withFile('export')} data-testid="enrolment-export">
          {t('procurement.enrolment.export')}
        </Button>
        <Button icon="list" onClick={() => void withFile('import')} data-testid="enrolment-import">
          {t('procurement.enrolment.import')}
        </Button>
      </div>
    </section>
  );
}
