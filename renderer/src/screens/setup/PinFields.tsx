/**
 * PIN entry: one field (sign in) or a new PIN typed twice, with ONE number pad that types into the field that last
 * had focus (a touch screen may have no keyboard; two pads side by side were misaligned and confusing).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/Field';
import { NumberPad } from '../../components/NumberPad';
import { applyPadKey, type PadKey } from '../../format';

export { NEW_PIN } from '../../pin-rules';
const MAX = 12;

export type PinFieldSpec = { id: string; label: string; hint?: string; value: string; onChange: (v: string) => void; error?: string | null };

export function PinFields({ fields, padFirstScan }: { fields: PinFieldSpec[]; padFirstScan?: boolean }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState(0);
  const active = fields[Math.min(target, fields.length - 1)]!;
  const press = (k: PadKey) => active.onChange(applyPadKey(active.value, k, { decimals: 0, allowMinus: false }).slice(0, MAX));
  return (
    <div className="sw-pin">
      <div className="sw-pin__fields">
        {fields.map((f, i) => (
          <TextField
            key={f.id}
            id={f.id}
            label={f.label}
            hint={f.hint}
            error={f.error ?? null}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={MAX}
            value={f.value}
            className="sw-input--pin"
            onFocus={() => setTarget(i)}
            onChange={(e) => f.onChange(e.target.value.replace(/\D/g, '').slice(0, MAX))}
          />
        ))}
      </div>
      <NumberPad onKey={press} allowPoint={false} allowMinus={false} label={`${active.label}: ${t('measure.padLabel')}`} firstScan={padFirstScan} />
    </div>
  );
}
