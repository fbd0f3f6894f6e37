/**
 * Suppliers side by side (procurement.suppliers): the four scorecard measures per supplier, then per station, over
 * the period of the scorecards. A supplier can be chosen to see only its stations (the scorecards below follow it).
 */
import { useTranslation } from 'react-i18next';
import type { SupplierComparisonView, SupplierMeasures } from '../../contract';
import { counted, measureWords } from '../../format';
import type { Lang } from '../../i18n';

function MeasureCells({ m, lang }: { m: SupplierMeasures; lang: Lang }) {
  const { t } = useTranslation();
  const words = (key: string, kind: 'rate' | 'per', values: Record<string, number | null>) => measureWords(t, lang, key, kind, values);
  return (
    <>
      <td>
        {words('procurement.routineDone', 'rate', { rate: m.completionRate })}
        <span className="sw-figure__more">{words('procurement.routineOnTime', 'rate', { rate: m.onTimeRate })}</span>
      </td>
      <td>
        {words('procurement.suppliers.deviations', 'per', { value: m.deviationsPer100Steps })}
        <span className="sw-figure__more">{words('procurement.suppliers.undosHelp', 'per', { undos: m.undosPer100Steps, help: m.helpPer100Steps })}</span>
      </td>
      <td>{words('procurement.ownedRate', 'rate', { rate: m.currentOwnedRate })}</td>
      <td>{words('procurement.repeatRate', 'rate', { rate: m.repeatRate })}</td>
    </>
  );
}

function MeasureHeads() {
  const { t } = useTranslation();
  return (
    <>
      <th scope="col">{t('procurement.colRoutine')}</th>
      <th scope="col">{t('procurement.colClarity')}</th>
      <th scope="col">{t('procurement.colOwnership')}</th>
      <th scope="col">{t('procurement.colRepeat')}</th>
    </>
  );
}

export function SupplierFilter({ suppliers, value, onChange }: { suppliers: string[]; value: string; onChange: (s: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="sw-field">
      <label className="sw-label" htmlFor="supplier-filter">
        {t('procurement.suppliers.filter')}
      </label>
      <select id="supplier-filter" className="sw-select" value={value} onChange={(e) => onChange(e.target.value)} data-testid="supplier-filter">
        <option value="">{t('procurement.suppliers.all', { count: suppliers.length })}</option>
        {suppliers.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </div>
  );
}

export function SuppliersView({ cmp, lang }: { cmp: SupplierComparisonView; lang: Lang }) {
  const { t } = useTranslation();
  if (cmp.suppliers.length === 0) return <p className="sw-hint">{t('procurement.suppliers.none')}</p>;
  return (
    <>
      <div className="sw-table-scroll">
        <table className="sw-table sw-suppliers" data-testid="suppliers-table">
          <caption className="sw-table__caption" id="suppliers-caption">
            {t('procurement.suppliers.caption', { from: cmp.period.from, to: cmp.period.to })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('procurement.suppliers.supplier')}</th>
              <MeasureHeads />
            </tr>
          </thead>
          <tbody>
            {cmp.suppliers.map((s) => (
              <tr key={s.supplier} data-supplier={s.supplier}>
                <th scope="row">
                  {s.supplier}
                  <span className="sw-figure__more">{t('procurement.suppliers.counts', { stations: counted(t, lang, 'nStations', s.stations), events: counted(t, lang, 'nEvents', s.events) })}</span>
                </th>
                <MeasureCells m={s} lang={lang} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="sw-table-scroll">
        <table className="sw-table sw-suppliers" data-testid="supplier-stations-table">
          <caption className="sw-table__caption" id="supplier-stations-caption">
            {t('procurement.suppliers.stationsCaption')}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('procurement.colStation')}</th>
              <MeasureHeads />
            </tr>
          </thead>
          <tbody>
            {cmp.stations.map((s) => (
              <tr key={`${s.supplier}/${s.stationId}`} data-supplier={s.supplier}>
                <th scope="row">
                  {s.stationName ?? s.stationId}
                  <span className="sw-figure__more">{s.supplier}</span>
                </th>
                <MeasureCells m={s} lang={lang} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
