/** Every version this station knows with its state (standards.list), and retiring one with a reason (standards.retire). */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { Icon, type IconName } from '../../components/Icon';
import { LocalText, localText } from '../../components/LocalText';
import { VisuallyHidden } from '../../components/VisuallyHidden';
import type { KnownStandardVersion } from '../../contract';
import { dayWords } from '../../format';
import type { Lang } from '../../i18n';
import { useStation } from '../../store';
import { reviewErrorText, reviewFailure } from '../review/errors';
import { useCommand } from '../../useChannel';

const STATE_LOOK: Record<KnownStandardVersion['state'], { icon: IconName; state: string }> = {
  current: { icon: 'check', state: 'done' },
  upcoming: { icon: 'clock', state: 'due' },
  superseded: { icon: 'dash', state: 'upcoming' },
  retired: { icon: 'cross', state: 'late' },
};

function RetireForm({ v, session, lang, onDone }: { v: KnownStandardVersion; session: string; lang: Lang; onDone: (retired: boolean) => void }) {
  const { t } = useTranslation();
  const say = useStation((s) => s.say);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const command = useCommand();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const id = `retire-reason-${v.id}-${v.version}`;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError(t('stdpub.retireErrorReason'));
      return;
    }
    setError(null);
    const res = await command.run(() => api['standards.retire']({ session, id: v.id, version: v.version, reason: reason.trim() }));
    if (!res) return;
    if (!res.ok) {
      if (res.error.code === 'SUPERVISOR_REQUIRED') return reviewFailure(t, res.error);
      setError(reviewErrorText(t, res.error));
      return;
    }
    say(t('stdpub.retired', { title: localText(v.title, lang) || v.id, version: v.version }), 'ok');
    onDone(true);
  };
  return (
    <form className="sw-panel sw-form" onSubmit={(e) => void submit(e)} noValidate data-testid="retire-form">
      <h3 className="sw-h3" tabIndex={-1} ref={ref}>
        {t('stdpub.retireTitle', { title: localText(v.title, lang) || v.id, version: v.version })}
      </h3>
      <ErrorSummary errors={error ? [{ field: id, text: error }] : []} />
      <p>{t('stdpub.retireLead')}</p>
      <TextField id={id} label={t('stdpub.retireReason')} value={reason} maxLength={500} error={error} onChange={(e) => setReason(e.target.value)} autoComplete="off" data-testid="retire-reason" />
      <div className="sw-actions">
        <Button type="submit" variant="warning" icon="cross" data-testid="retire-confirm">
          {t('stdpub.retireYes')}
        </Button>
        <Button icon="back" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

export function VersionList({ list, session, lang, onChanged, onPrint }: { list: KnownStandardVersion[]; session: string; lang: Lang; onChanged: () => void; onPrint?: (v: KnownStandardVersion) => void }) {
  const { t } = useTranslation();
  const [retiring, setRetiring] = useState<string | null>(null);
  const sorted = [...list].sort((a, b) => a.id.localeCompare(b.id) || b.version - a.version);
  return (
    <>
      <ul className="sw-versions" data-testid="standards-list">
        {sorted.map((v) => {
          const key = `${v.id}@${v.version}`;
          const look = STATE_LOOK[v.state];
          return (
            <li key={key} className="sw-version" data-testid="standard-version" data-id={v.id} data-version={v.version} data-state={v.state}>
              <div className="sw-version__body">
                <p className="sw-version__title">
                  <LocalText text={v.title} lang={lang} fallback={v.id} />
                  {/* A real comma and space in the text: the name is "Carton quality check, version 1". */}
                  {', '}
                  <span className="sw-version__num">{t('stdpub.version', { version: v.version })}</span>
                </p>
                <p className="sw-version__facts">
                  <span className="sw-tag" data-state={look.state}>
                    <Icon name={look.icon} className="sw-tag__icon" />
                    {t(`stdpub.state.${v.state}`)}
                  </span>
                  <span>{t('stdpub.effective', { day: dayWords(v.effectiveFrom, lang) })}</span>
                  <span>{t('stdpub.ownerIs', { owner: v.owner })}</span>
                  <span>{v.published ? t('stdpub.published') : t('stdpub.notPublished')}</span>
                </p>
                <p className="sw-hint sw-path">{v.id}</p>
              </div>
              {onPrint ? (
                <Button icon="list" onClick={() => onPrint(v)} data-testid="print-version">
                  {t('desktop.printChecklist')}
                  <VisuallyHidden> {t('desktop.printChecklistWhich', { title: localText(v.title, lang) || v.id, version: v.version })}</VisuallyHidden>
                </Button>
              ) : null}
              {v.state !== 'retired' && retiring !== key ? (
                <Button icon="cross" onClick={() => setRetiring(key)} data-testid="retire">
                  {t('stdpub.retire')}
                  <VisuallyHidden>
                    {' '}
                    {t('stdpub.retireWhich', { title: localText(v.title, lang) || v.id, version: v.version })}
                  </VisuallyHidden>
                </Button>
              ) : null}
              {retiring === key ? (
                <RetireForm
                  v={v}
                  session={session}
                  lang={lang}
                  onDone={(done) => {
                    setRetiring(null);
                    if (done) onChanged();
                    // Focus goes back where it was: this version's Retire button, or the list's heading once it is retired.
                    setTimeout(() => {
                      const again = document.querySelector<HTMLElement>(`[data-testid="standard-version"][data-id="${CSS.escape(v.id)}"][data-version="${v.version}"] [data-testid="retire"]`);
                      (done || !again ? document.getElementById('versions-title') : again)?.focus();
                    }, 0);
                  }}
                />
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}
