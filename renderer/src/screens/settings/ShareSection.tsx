/**
 * Settings → the shared folder: the folder now, the supplier (the share's supplier.json, or the station's own until
 * a sync writes it), the sync status (last sync, what is waiting), Sync now, and choosing a folder (and the supplier
 * when the share has none).
 */
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { whenWords } from '../../format';
import type { Lang } from '../../i18n';
import { useStation } from '../../store';
import { useCommand } from '../../useChannel';
import { FolderField } from '../setup/FolderField';
import { TimesIn } from '../review/TimesIn';

export function ShareSection({ lang }: { lang: Lang }) {
  const { t } = useTranslation();
  const share = useStation((s) => s.station?.settings.sharePath ?? '');
  const sync = useStation((s) => s.station?.sync);
  const ownSupplier = useStation((s) => s.station?.settings.supplier);
  const shareSupplier = useStation((s) => s.station?.shareSupplier);
  const shareName = shareSupplier?.state === 'named' ? shareSupplier.name : undefined;
  // The share's name wins; the station's own is shown until a sync writes it (or when the share's file is refused).
  const supplierNote =
    shareName && ownSupplier && ownSupplier !== shareName ? t('setup.supplierOther', { name: shareName })
    : shareName ? null
    : shareSupplier?.state === 'refused' ? t('setup.supplierRefused', { reason: shareSupplier.reason })
    : ownSupplier && share ? t('setup.supplierWaiting')
    : null;
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
        <dt>{t('setup.supplier')}</dt>
        <dd data-testid="share-supplier-current">
          {shareName ?? ownSupplier ?? t('setup.supplierNone')}
          {supplierNote ? (
            <span className="sw-hint" data-testid="share-supplier-current-note">
              {' '}
              {supplierNote}
            </span>
          ) : null}
        </dd>
        <dt>{t('setup.syncTitle')}</dt>
        <dd data-testid="share-sync" data-state={sync?.state}>
          {state}
        </dd>
        <dt>{t('setup.lastSync')}</dt>
        <dd data-testid="share-last-sync">{last ? whenWords(last, lang) : t('setup.never')}</dd>
      </dl>
      {last ? <TimesIn elsewhereOnly /> : null}
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
