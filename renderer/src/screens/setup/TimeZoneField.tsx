/** The station's time zone (IANA): the station clock uses it (set-up and Settings). */
import { useTranslation } from 'react-i18next';
import { Field, describedBy } from '../../components/Field';

/** ICU (Chromium) still lists some zones by their old names; people look for the names in use today. */
const CURRENT_NAME: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Europe/Kiev': 'Europe/Kyiv',
};
const currentName = (zone: string) => CURRENT_NAME[zone] ?? zone;

/** The computer's zone first, then every zone it knows. */
export function timeZones(): string[] {
  const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return [...new Set([here, ...Intl.supportedValuesOf('timeZone')].map(currentName))];
}

export function TimeZoneField({ value, onChange }: { value: string; onChange: (zone: string) => void }) {
  const { t } = useTranslation();
  return (
    <Field id="time-zone" label={t('setup.timeZone')} hint={t('setup.timeZoneHint')}>
      <select id="time-zone" className="sw-select" value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy('time-zone', true, false)}>
        {[...new Set([value, ...timeZones()])].map((z) => (
          <option key={z} value={z}>
            {z}
          </option>
        ))}
      </select>
    </Field>
  );
}

