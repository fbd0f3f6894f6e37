/**
 * About (issue 15, item 6): version, station id, key id, data and log folders — what a support call or procurement's
 * enrolment check asks for. The key id is shown in groups of four so it can be read aloud and compared.
 * "Open the log folder" in the desktop app. Open to anyone at the station (app.about), shown in Settings.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Button } from '../../components/Button';
import type { AboutInfo } from '../../contract';
import { supervisorFailure, useStation } from '../../store';

/** "a1b2c3d4e5f60718" → "a1b2 c3d4 e5f6 0718". */
export const groupKeyId = (keyId: string): string => keyId.replace(/(.{4})(?=.)/g, '$1 ');

export function AboutSection() {
  const { t } = useTranslation();
  const session = useStation((s) => s.supervisor?.session ?? null);
  const say = useStation((s) => s.say);
  const [about, setAbout] = useState<AboutInfo | null>(null);
  useEffect(() => {
    let live = true;
    void api['app.about']({}).then((res) => {
      if (live && res.ok) setAbout(res.value);
    });
    return () => {
      live = false;
    };
  }, []);
  const openLogs = async () => {
    if (!session) return;
    const res = await api['logs.openFolder']({ session });
    if (!res.ok) {
      if (res.error.code === 'SUPERVISOR_REQUIRED') supervisorFailure(res.error);
      return;
    }
    if (res.value.available) say(t('desktop.logsOpened', { path: res.value.path }), 'ok');
  };
  return (
    <section className="sw-section" aria-labelledby="about-title" data-testid="about">
      <h2 className="sw-h2" id="about-title">
        {t('desktop.aboutTitle')}
      </h2>
      {about ? (
        <>
          <dl className="sw-about">
            <div>
              <dt>{t('desktop.version')}</dt>
              <dd lang="en" data-testid="about-version">
                {about.version}
              </dd>
            </div>
            <div>
              <dt>{t('desktop.stationId')}</dt>
              <dd lang="en" className="sw-path" data-testid="about-station">
                {about.stationId}
              </dd>
            </div>
            <div>
              <dt>{t('desktop.keyId')}</dt>
              <dd lang="en" className="sw-about__key" data-testid="about-key" aria-label={about.keyId.split('').join(' ')}>
                {groupKeyId(about.keyId)}
              </dd>
            </div>
            <div>
              <dt>{t('desktop.dataFolder')}</dt>
              <dd lang="en" className="sw-path" data-testid="about-data">
                {about.dataDir}
              </dd>
            </div>
            <div>
              <dt>{t('desktop.logFolder')}</dt>
              {about.logDir ? (
                <dd lang="en" className="sw-path" data-testid="about-logs">
                  {about.logDir}
                </dd>
              ) : (
                <dd data-testid="about-logs">{t('desktop.noLogFile')}</dd>
              )}
            </div>
            <div>
              <dt>{t('desktop.runtime')}</dt>
              <dd lang="en">
                {[about.runtime.electron ? `Electron ${about.runtime.electron}` : t('desktop.browserHarness'), `Node ${about.runtime.node}`, about.runtime.platform].join(' · ')}
              </dd>
            </div>
          </dl>
          <p className="sw-hint">{t('desktop.keyIdHint')}</p>
          {about.logDir && session ? (
            <div className="sw-actions">
              <Button icon="list" onClick={() => void openLogs()} data-testid="open-logs">
                {t('desktop.openLogs')}
              </Button>
            </div>
          ) : null}
        </>
      ) : (
        <p role="status">{t('desktop.loading')}</p>
      )}
    </section>
  );
}
