/**
 * Which ledger procurement uses (procurement.ledger, procurement.setLedger): the file on this computer, or the
 * organisation's PostgreSQL server. The address comes back without its password; the password is typed in a password
 * field and never shown again. A wrong address, a server that is down or a role without rights is told at the field.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { RadioGroup } from '../../components/RadioGroup';
import type { ErrorInfo, LedgerChoice } from '../../contract';
import { useStation } from '../../store';
import { useCommand } from '../../useChannel';
import { procurementError } from './errors';

/** Errors said at the address field (the rest go to the page's alert). */
const FIELD_ERRORS = /^PG_/;

export function LedgerForm({ session, ledger, disabled, onChanged, onFailure }: {
  session: string;
  ledger: LedgerChoice | undefined;
  disabled: boolean;
  onChanged: (l: LedgerChoice) => void;
  onFailure: (e: ErrorInfo) => void;
}) {
  const { t } = useTranslation();
  const say = useStation((s) => s.say);
  const [kind, setKind] = useState<LedgerChoice['kind']>(ledger?.kind ?? 'duckdb');
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ text: string; details: string } | null>(null);
  const command = useCommand();
  const keptPg = ledger?.kind === 'postgres' ? ledger : null;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (command.busy || disabled) return;
    const address = url.trim() || keptPg?.address || '';
    if (kind === 'postgres' && !address) {
      setError({ text: t('procurement.ledger.errorAddress'), details: '' });
      document.getElementById('pg-url')?.focus();
      return;
    }
    const res = await command.run(() => api['procurement.setLedger']({
      session, kind, ...(kind === 'postgres' ? { url: address } : {}), ...(kind === 'postgres' && password ? { password } : {}),
    }));
    if (!res) return;
    if (!res.ok) {
      if (FIELD_ERRORS.test(res.error.code) || res.error.code === 'NO_SUPPLIER') {
        setError({ text: procurementError(t, res.error, address), details: res.error.message });
        document.getElementById('pg-url')?.focus();
        return;
      }
      return onFailure(res.error);
    }
    setError(null);
    setUrl('');
    setPassword('');
    onChanged(res.value);
    say(res.value.kind === 'postgres' ? t('procurement.ledger.chosenPg', { address: res.value.address }) : t('procurement.ledger.chosenHere'), 'ok');
  };

  return (
    <section className="sw-section" aria-labelledby="ledger-title" data-testid="ledger-choice">
      <h2 className="sw-h2" id="ledger-title">
        {t('procurement.ledger.title')}
      </h2>
      <p className="sw-hint" data-testid="ledger-current">
        {ledger?.kind === 'postgres'
          ? t(ledger.hasPassword ? 'procurement.ledger.currentPgPassword' : 'procurement.ledger.currentPg', { address: ledger.address })
          : t('procurement.ledger.currentHere')}
      </p>
      <form className="sw-form" onSubmit={(e) => void submit(e)} noValidate>
        <RadioGroup<LedgerChoice['kind']>
          legend={t('procurement.ledger.legend')}
          name="ledger-kind"
          value={kind}
          onChange={(k) => {
            setKind(k);
            setError(null);
          }}
          options={[
            { value: 'duckdb', label: t('procurement.ledger.here'), hint: t('procurement.ledger.hereHint') },
            { value: 'postgres', label: t('procurement.ledger.pg'), hint: t('procurement.ledger.pgHint') },
          ]}
        />
        {kind === 'postgres' ? (
          <>
            <TextField
              id="pg-url"
              label={t('procurement.ledger.address')}
              hint={keptPg ? t('procurement.ledger.addressKeptHint', { address: keptPg.address }) : t('procurement.ledger.addressHint')}
              error={error?.text ?? null}
              value={url}
              placeholder={keptPg?.address}
              maxLength={2000}
              spellCheck={false}
              autoComplete="off"
              className="sw-input--path"
              lang="en"
              onChange={(e) => setUrl(e.target.value)}
            />
            <TextField
              id="pg-password"
              type="password"
              label={t('procurement.ledger.password')}
              hint={keptPg?.hasPassword ? t('procurement.ledger.passwordKeptHint') : t('procurement.ledger.passwordHint')}
              value={password}
              maxLength={500}
              autoComplete="new-password"
              onChange={(e) => setPassword(e.target.value)}
            />
          </>
        ) : null}
        {error?.details ? (
          <div data-testid="ledger-error">
            <Notice tone="error" title={error.text}>
              <p className="sw-hint">{t('procurement.errors.details')}</p>
              <p lang="en" className="sw-path">
                {error.details}
              </p>
            </Notice>
          </div>
        ) : null}
        <div className="sw-actions">
          <Button type="submit" variant="primary" icon="check" data-testid="ledger-use" aria-disabled={command.busy || disabled || undefined}>
            {t('procurement.ledger.use')}
          </Button>
        </div>
      </form>
    </section>
  );
}
