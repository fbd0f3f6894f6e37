/**
 * The printable scorecard: one self-contained HTML file (inline CSS, SVG and, when it holds Hindi, the Devanagari font:
 * report-fonts.ts; no external assets), lang="en" with
 * Hindi cells marked lang="hi", each chart an <svg role="img"> followed by the table it draws (the accessible
 * data behind it). Each table scrolls sideways on screen in a keyboard-focusable, named region; in print (A4
 * landscape) every table is fitted to the page width, its text wrapped, its header row repeated on each page.
 * Stations that are partial, rejected, awaiting enrolment or stale are named at the top with what is missing and why.
 */
import { coverWords, STATUS_WORDS, statusCountLine, type Cell, type Column, type Table } from './tables';
import type { Scorecard } from './types';
import { devanagariFontFaces, hasDevanagari } from './report-fonts';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmt(v: Cell, c: Column): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'number') {
    if (c.kind === 'pct') return `${(v * 100).toFixed(1)}%`;
    if (c.kind === 'num') return v.toFixed(2);
    return String(v);
  }
  if (c.kind === 'datetime') return String(v).replace('T', ' ');
  return String(v);
}

function htmlTable(t: Table, opts: { id: string; caption: string; maxRows?: number; filter?: (r: Cell[]) => boolean }): string {
  const all = opts.filter ? t.rows.filter(opts.filter) : t.rows;
  const rows = opts.maxRows !== undefined ? all.slice(0, opts.maxRows) : all;
  const more = all.length - rows.length;
  const head = t.columns.map((c) => `<th scope="col"${c.wrap ? ' class="w"' : ''}>${esc(c.header)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((v, i) => {
      const c = t.columns[i] as Column;
      const lang = c.lang && v !== null ? ` lang="${c.lang}"` : '';
      const cls = c.kind === 'text' || c.kind === 'date' || c.kind === 'datetime' ? (c.wrap ? ' class="w"' : '') : ' class="n"';
      return i === 0 ? `<th scope="row"${lang}>${esc(fmt(v, c))}</th>` : `<td${lang}${cls}>${esc(fmt(v, c))}</td>`;
    }).join('')}</tr>`)
    .join('\n');
  const wide = t.columns.length > 20 ? ' class="wide"' : t.columns.length > 11 ? ' class="mid"' : '';
  // A region that scrolls must be reachable by keyboard (axe scrollable-region-focusable) and named (its caption).
  return `<div class="tw" tabindex="0" role="region" aria-labelledby="${opts.id}-c"><table id="${opts.id}"${wide}><caption id="${opts.id}-c">${esc(opts.caption)}</caption><thead><tr>${head}</tr></thead><tbody>
${body || `<tr><td colspan="${t.columns.length}">None in this period.</td></tr>`}
</tbody></table>${more > 0 ? `<p class="note">${more} more rows in the CSV and Excel exports.</p>` : ''}</div>`;
}

/**
 * A table of few rows and many columns (the summary: all sites, then each site) turned a quarter: one row per
 * measure, one column per original row (named by its first `keys` cells), so it reads down and prints without
 * squeezing 35 columns into the page width.
 */
function htmlTableTurned(t: Table, opts: { id: string; caption: string; keys: number }): string {
  const head = t.rows.map((r) => `<th scope="col">${esc(r.slice(0, opts.keys).filter((v) => v !== null && v !== '').join(' '))}</th>`).join('');
  const body = t.columns
    .slice(opts.keys)
    .map((c, j) => `<tr><th scope="row">${esc(c.header)}</th>${t.rows.map((r) => `<td${c.kind === 'text' || c.kind === 'date' || c.kind === 'datetime' ? '' : ' class="n"'}>${esc(fmt(r[j + opts.keys] ?? null, c))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<div class="tw" tabindex="0" role="region" aria-labelledby="${opts.id}-c"><table id="${opts.id}"><caption id="${opts.id}-c">${esc(opts.caption)}</caption><thead><tr><th scope="col">measure</th>${head}</tr></thead><tbody>
${body}
</tbody></table></div>`;
}

interface Bar {
  label: string;
  value: number | null;
}

/** A horizontal bar chart; values are fractions (pct) or plain numbers scaled to the largest. */
function barChart(id: string, title: string, bars: Bar[], opts: { pct: boolean; tableId: string }): string {
  const rowH = 22;
  const labelW = 220;
  const barW = 360;
  const h = bars.length * rowH + 10;
  const max = opts.pct ? 1 : Math.max(1e-9, ...bars.map((b) => b.value ?? 0));
  const items = bars
    .map((b, i) => {
      const y = 5 + i * rowH;
      const w = b.value === null ? 0 : Math.max(0, (b.value / max) * barW);
      const text = b.value === null ? '—' : opts.pct ? `${(b.value * 100).toFixed(1)}%` : b.value.toFixed(2);
      return `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(b.label.length > 34 ? b.label.slice(0, 33) + '…' : b.label)}</text>` +
        `<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" class="bar"/>` +
        `<text x="${(labelW + w + 4).toFixed(1)}" y="${y + 15}">${text}</text>`;
    })
    .join('');
  return `<figure><figcaption id="${id}-t">${esc(title)}</figcaption>
<svg role="img" aria-labelledby="${id}-t" aria-describedby="${opts.tableId}" width="${labelW + barW + 70}" height="${h}" viewBox="0 0 ${labelW + barW + 70} ${h}" xmlns="http://www.w3.org/2000/svg">${items}</svg></figure>`;
}

const CSS = `
@page{size:A4 landscape;margin:10mm}
body{font-family:"Noto Sans","Noto Sans Devanagari","Mangal","Nirmala UI",Arial,sans-serif;margin:2em;color:#1a1a1a;line-height:1.4}
.flags{border:3px solid #8a1c00;padding:.5em 1em;margin:1em 0}.flags h2{margin-top:.2em;border:0;color:#8a1c00}
.flags li{margin:.4em 0}.st{font-weight:bold;color:#8a1c00}td.w,th.w{min-width:14em}
.tw:focus{outline:3px solid #1d70b8;outline-offset:2px}
h1{font-size:1.6em;margin:0 0 .2em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:2px solid #2f4f6f}
.kpi{display:flex;flex-wrap:wrap;gap:1em;margin:1em 0}.kpi div{border:1px solid #bbb;border-radius:6px;padding:.6em 1em;min-width:11em}
.kpi b{display:block;font-size:1.5em}table{border-collapse:collapse;font-size:.85em;margin:.5em 0}caption{text-align:left;font-weight:bold;padding:.3em 0}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}thead th{background:#2f4f6f;color:#fff}td.n{text-align:right}
.tw{overflow-x:auto}figure{margin:1em 0}svg text{font-size:12px;fill:#1a1a1a}.bar{fill:#2f6f9f}.note{font-size:.85em;color:#555}
@media print{body{margin:0;font-size:9pt}.tw{overflow:visible}figure{break-inside:avoid}h2{break-after:avoid}
thead{display:table-header-group}tr{break-inside:avoid}
table{width:100%;table-layout:auto;font-size:7.5pt}table.mid{font-size:6.5pt}table.wide{font-size:5.2pt}
th,td{overflow-wrap:anywhere;word-break:normal;hyphens:auto;padding:.15em .25em}td.w,th.w{min-width:0}
svg{max-width:100%;height:auto}}
`;

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

export function renderHtml(card: Scorecard, tables: Table[], meta: { ledger: string; generatorVersion: string }): string {
  const t = (name: string) => tables.find((x) => x.name === name) as Table;
  const s = card.summary;
  const stationLabel = (x: Scorecard['stations'][number]) => `${x.stationName ?? x.stationId}${x.status === 'verified' ? '' : ` [${STATUS_WORDS[x.status]}]`}`;
  const flagged = card.stations.filter((x) => x.status !== 'verified');
  const counted = card.stations.filter((x) => x.status !== 'awaiting_enrolment');
  const flags = flagged.length === 0 ? '' : `<section class="flags" aria-labelledby="flags-t"><h2 id="flags-t">Stations to check: ${flagged.length}</h2>
<p>The figures of these stations cover only the days shown; the days the ledger cannot vouch for are left out, not counted as missed.</p>
<ul>${flagged.map((x) => `<li><span class="st">${esc(STATUS_WORDS[x.status])}</span> <b>${esc(x.stationName ?? x.stationId)}</b> (${esc(x.stationId)}). Figures: ${esc(coverWords(x))}.<br>Missing: ${esc(x.missing ?? '—')}<br>Why: ${esc(x.why ?? '—')}</li>`).join('\n')}</ul></section>`;
  const hotTop = card.hotSpots.filter((h) => h.rank <= 5);
  const sections = [
    `<h1>Steadywork scorecard</h1>
<p>Period ${esc(card.period.from)} to ${esc(card.period.to)} (${card.period.days} days, ${esc(card.period.timeZone)}). ${s.sites} site(s), ${s.standards} standard(s), ${s.events} events. Generated ${esc(card.generatedAt)} by Steadywork ${esc(meta.generatorVersion)} from ${esc(meta.ledger)}. Artisans are shown only as pseudonyms. Formulas: docs/scorecard.md.</p>
<p data-testid="status-counts"><b>${esc(statusCountLine(card))}.</b></p>
${flags}
<div class="kpi">
<div>Routine strength<b>${pct(s.onTimeRate)}</b>on time (${pct(s.completionRate)} completed)</div>
<div>Decision clarity<b>${s.deviationsPer100Steps === null ? '—' : (s.deviationsPer100Steps + (s.undosPer100Steps ?? 0) + (s.helpPer100Steps ?? 0)).toFixed(1)}</b>deviations + undos + help per 100 steps</div>
<div>Ownership<b>${pct(s.currentOwnedRate)}</b>runs on the current owned version</div>
<div>Repeat without discussion<b>${pct(s.repeatRate)}</b>runs with no deviation or undo; duration CV ${s.durationCv === null ? '—' : s.durationCv.toFixed(2)}</div>
</div>`,
    `<h2>Station status</h2>${htmlTable(t('station_status'), { id: 'tbl-status', caption: 'Every station the ledger knows, with the days its figures cover' })}`,
    `<h2>Summary</h2>${htmlTableTurned(t('summary'), { id: 'tbl-summary', caption: 'All sites and each site (one row per measure)', keys: 2 })}`,
    `<h2>Stations</h2>
${barChart('ch-ontime', 'Due routines completed on time, per station (flagged stations: over their verified period only)', counted.map((x) => ({ label: stationLabel(x), value: x.onTimeRate })), { pct: true, tableId: 'tbl-stations' })}
${barChart('ch-repeat', 'Runs without deviation or undo, per station (flagged stations: over their verified period only)', counted.map((x) => ({ label: stationLabel(x), value: x.repeatRate })), { pct: true, tableId: 'tbl-stations' })}
${htmlTable(t('stations'), { id: 'tbl-stations', caption: 'Stations (all standards, then each standard)' })}`,
    `<h2>Standards</h2>
${barChart('ch-clarity', 'Deviations, undos and help requests per 100 steps, per standard', card.standards.map((x) => ({ label: x.standardId, value: (x.deviationsPer100Steps ?? 0) + (x.undosPer100Steps ?? 0) + (x.helpPer100Steps ?? 0) })), { pct: false, tableId: 'tbl-standards' })}
${barChart('ch-cv', 'Spread of run durations (coefficient of variation), per standard', card.standards.map((x) => ({ label: x.standardId, value: x.durationCv })), { pct: false, tableId: 'tbl-standards' })}
${htmlTable(t('standards'), { id: 'tbl-standards', caption: 'Standards' })}`,
    `<h2>Clarity hot spots</h2><p>Steps where the standard leaves room to interpret, ranked per standard by help requests + undos + deviations: for the standard's owner to fix.</p>
${barChart('ch-hot', 'Top steps per standard (help + undos + deviations)', hotTop.map((h) => ({ label: `${h.standardId} #${h.rank} ${h.stepId}`, value: h.total })), { pct: false, tableId: 'tbl-hot' })}
${htmlTable(t('hot_spots'), { id: 'tbl-hot', caption: 'Clarity hot spots' })}`,
    `<h2>Adoption of new versions</h2>${htmlTable(t('adoptions'), { id: 'tbl-adopt', caption: 'Days from a version\'s effective date to each station\'s first run on it' })}`,
    `<h2>Deviations, undos, help requests and out-of-limits values</h2>${htmlTable(t('deviations'), { id: 'tbl-dev', caption: 'Events (first 500), out-of-limits values with the limits and unit', maxRows: 500 })}`,
    `<h2>Abandoned runs</h2>${htmlTable(t('runs'), { id: 'tbl-abandoned', caption: 'Runs abandoned in the period, with the reason given (first 500)', maxRows: 500, filter: (r) => r[t('runs').columns.findIndex((c) => c.header === 'outcome')] === 'abandoned' })}`,
    `<h2>Integrity</h2>${htmlTable(t('integrity'), { id: 'tbl-integrity', caption: 'Problems found by the verified import' })}`,
  ];
  const body = sections.join('\n');
  // Hindi in the report: the font goes with it (a PC without a Devanagari font would print boxes).
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Steadywork scorecard ${esc(card.period.from)} to ${esc(card.period.to)}</title>
<style>${hasDevanagari(body) ? `${devanagariFontFaces()}\n` : ''}${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
