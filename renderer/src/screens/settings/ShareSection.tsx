/** Settings → the shared folder: the folder now, the sync status (last sync, what is waiting), Sync now, and choosing a folder. */
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { whenWords } from '../../format';
import type { Lang } from '../../i18n';
import { useStation } from '../../store';
import { useCommand } from '../../useChannel';
import { FolderField } from '../setup/FolderField';

export function ShareSection({ lang }: { lang: Lang }) {
  const { t } = useTranslation();
  const share = useStation((s) => s.station?.settings.sharePath ?? '');
  const sync = useStation((s) => s.station?.sync);
  const refreshStation = useStation((s) => s.refreshStation);
  const say = useStation((s) => s.say);
  const { busy, run } = useCommand();
  const last = sync && (sync.state === 'up_to_date' || sync.state === 'waiting') ? sync.lastSyncAt : undefined;
  const state =
    sync?.state === 'up_to_date' ? t('status.sync.up_to_date')
    : sync?.state === 'waiting' ? t('status.sync.waiting', { count: sync.events })
    : sync?.state === 'unreachable' ? `${t('status.sync.unreachable')}: ${sync.reason}`
    : t('status.sync.not_set_up');
  const syncNow = () =>
    run(async () => {
      const res = await api['sync.now']({});
      await refreshStation();
      say(res.ok && res.value.state === 'up_to_date' ? t('setup.syncDone') : state, res.ok && res.value.state === 'up_to_date' ? 'ok' : 'warn');
    });
  return (
    <section className="sw-section" aria-labelledby="share-title">
      <h2 className="sw-h2" id="share-title">
        {t('setup.shareTitle')}
      </h2>
      <dl className="sw-facts" data-testid="share-facts">
        <dt>{t('setup.currentFolder')}</dt>
        <dd lang="en" data-testid="share-current">
          {share || t('setup.noFolder')}
        </dd>
        <dt>{t('setup.syncTitle')}</dt>
        <dd data-testid="share-sync" data-state={sync?.state}>
          {state}
        </dd>
        <dt>{t('setup.lastSync')}</dt>
        <dd>{last ? whenWords(last, lang) : t('setup.never')}</dd>
      </dl>
      {share ? (
        <div className="sw-actions">
          <Button icon="sync" onClick={() => void syncNow()} aria-disabled={busy} data-testid="sync-now">
            {t('setup.syncNow')}
          </Button>
        </div>
      ) : null}
      <FolderField />
    </section>
  );
}
