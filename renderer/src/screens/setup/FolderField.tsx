/**
 * Choosing the shared folder (docs/share.md): Browse… (the computer's folder dialog, in Electron) or a typed full path,
 * "Check" shows the live check (problems in the core's words, or what the folder holds), and only a folder that
 * passes is saved (settings.update checks it again and refuses one with a problem). Used by set-up and by Settings.
 *
 * With the folder, the supplier (issue 12): "Your company (the supplier)", required when the folder's supplier.json
 * does not name one yet (the station keeps it in its settings and writes it there at the next sync, never replacing
 * one). A folder that already names its supplier (a second station joining the share) shows that name, read-only.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import type { FolderCheck, FolderProblem, ShareSupplier } from '../../contract';
import { useCommand } from '../../useChannel';
import { counted } from '../../format';
import type { Lang } from '../../i18n';
import { errorText, supervisorFailure, useStation } from '../../store';

/** The supplier field's error, GOV.UK style (the rule of ledger/supplier.ts checkSupplierName), or null. */
export function supplierProblem(name: string, t: (key: string) => string): string | null {
  const s = name.trim();
  if (!s) return t('setup.errorSupplierEmpty');
  if (s.length > 100) return t('setup.errorSupplierLong');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(s)) return t('setup.errorSupplierControl');
  return null;
}

export function FolderField({ onSaved }: { onSaved?: () => void }) {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'hi' ? 'hi' : 'en';
  const session = useStation((s) => s.supervisor?.session ?? null);
  const electron = useStation((s) => s.station?.shell === 'electron');
  const current = useStation((s) => s.station?.settings.sharePath ?? '');
  const refreshStation = useStation((s) => s.refreshStation);
  const say = useStation((s) => s.say);
  const savedSupplier = useStation((s) => s.station?.settings.supplier ?? '');
  const lastSeen = useStation((s) => s.station?.shareSupplier);
  const [path, setPath] = useState(current);
  const [supplier, setSupplier] = useState(savedSupplier);
  const [supplierError, setSupplierError] = useState<string | null>(null);
  const [check, setCheck] = useState<FolderCheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Each Check or Save that ends in a problem: the error summary takes the focus again, even with the same words.
  const [attempt, setAttempt] = useState(0);
  const { busy, run } = useCommand();

  // Each problem in the reader's language (the core's English words when a code is new to this screen).
  const words = (p: FolderProblem) => (i18n.exists(`setup.folderProblem.${p.code}`) ? t(`setup.folderProblem.${p.code}`, { folder: p.folder, found: p.found ?? '' }) : p.message);
  const problems = check && !check.ok ? check.problems.map(words) : error ? [error] : [];
  // What the folder says about its supplier: the last check of this path, else (the folder now) the last sync.
  const shareSays: ShareSupplier | undefined = check && check.path === path.trim() ? check.supplier : path.trim() === current ? lastSeen : undefined;
  const fromShare = shareSays?.state === 'named' ? shareSays.name : null;
  const typed = supplier.trim() || savedSupplier;
  const runCheck = async (p: string): Promise<FolderCheck | null> => {
    setCheck(null);
    setError(null);
    if (!p.trim()) {
      setError(t('setup.errorFolderEmpty'));
      setAttempt((n) => n + 1);
      return null;
    }
    if (!session) return null;
    const res = await api['sync.checkFolder']({ session, path: p.trim() });
    if (!res.ok) {
      if (res.error.code === 'SUPERVISOR_REQUIRED') supervisorFailure(res.error);
      else setError(res.error.code === 'BAD_ARGUMENTS' ? t('setup.errorFolderEmpty') : errorText(res.error));
      return null;
    }
    setCheck(res.value);
    if (!res.value.ok) setAttempt((n) => n + 1);
    return res.value;
  };
  const browse = () =>
    run(async () => {
      if (!session) return;
      const res = await api['dialog.chooseFolder']({ session, title: t('setup.shareTitle'), purpose: 'share' });
      if (res.ok && res.value.available && res.value.path) {
        setPath(res.value.path);
        await runCheck(res.value.path);
      }
    });
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const checked = check && check.path === path.trim() ? check : await runCheck(path);
      if (!checked?.ok || !session) {
        setAttempt((n) => n + 1);
        return;
      }
      // The folder's own supplier wins (never replaced); else the one typed here is required.
      const named = checked.supplier?.state === 'named' ? checked.supplier.name : null;
      const wrong = named ? null : supplierProblem(supplier, t);
      setSupplierError(wrong);
      if (wrong) {
        setAttempt((n) => n + 1);
        return;
      }
      const res = await api['settings.update']({ session, settings: { sharePath: checked.path, supplier: named ?? supplier.trim() } });
      if (!res.ok) {
        if (res.error.code === 'SUPERVISOR_REQUIRED') return supervisorFailure(res.error);
        setError(res.error.message);
        return;
      }
      await refreshStation();
      onSaved?.();
      say(t('setup.folderSaved'), 'ok');
    });
  };
  return (
    <form className="sw-form" onSubmit={save} noValidate data-testid="folder-form">
      <ErrorSummary errors={[...problems.map((text) => ({ field: 'share-path', text })), ...(supplierError && !fromShare ? [{ field: 'share-supplier', text: supplierError }] : [])]} attempt={attempt} />
      <TextField
        id="share-path"
        label={t('setup.folder')}
        hint={t('setup.folderHint')}
        value={path}
        maxLength={1024}
        autoComplete="off"
        spellCheck={false}
        lang="en"
        error={problems.length > 0 ? problems.join(' ') : null}
        onChange={(e) => {
          setPath(e.target.value);
          setCheck(null);
          setError(null);
        }}
      />
      <div role="status" aria-live="polite" data-testid="folder-check">
        {busy ? <p>{t('setup.checking')}</p> : null}
        {check?.ok ? (
          <Notice tone="ok" title={t('setup.checkOk')}>
            <p>{t('setup.checkCounts', { stations: counted(t, lang, 'nStations', check.stations), standards: counted(t, lang, 'nStandards', check.standards) })}</p>
          </Notice>
        ) : null}
      </div>
      {fromShare ? (
        <div className="sw-field" data-testid="share-supplier-from-share">
          <p className="sw-label" id="share-supplier-label">
            {t('setup.supplier')}
          </p>
          <p className="sw-readonly-value" data-testid="share-supplier-name">
            {fromShare}
          </p>
          <p className="sw-hint" data-testid="share-supplier-note">
            {typed && typed !== fromShare ? t('setup.supplierOther', { name: fromShare }) : t('setup.supplierFromShare')}
          </p>
        </div>
      ) : (
        <>
          {shareSays?.state === 'refused' ? (
            <Notice tone="warn">
              <p data-testid="share-supplier-refused">{t('setup.supplierRefused', { reason: shareSays.reason })}</p>
            </Notice>
          ) : null}
          <TextField
            id="share-supplier"
            label={t('setup.supplier')}
            hint={t('setup.supplierHint')}
            value={supplier}
            maxLength={120}
            autoComplete="organization"
            error={supplierError}
            onChange={(e) => {
              setSupplier(e.target.value);
              setSupplierError(null);
            }}
          />
        </>
      )}
      <div className="sw-actions">
        {electron ? (
          <Button icon="list" onClick={() => void browse()} aria-disabled={busy} data-testid="browse-folder">
            {t('setup.browse')}
          </Button>
        ) : null}
        <Button icon="check" onClick={() => void run(() => runCheck(path).then(() => undefined))} aria-disabled={busy} data-testid="check-folder">
          {t('setup.check')}
        </Button>
        <Button type="submit" variant="primary" icon="check" aria-disabled={busy} data-testid="save-folder">
          {t('setup.saveFolder')}
        </Button>
      </div>
    </form>
  );
}
