import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonalPrefs } from '../contract';
import { Button } from '../components/Button';
import { RadioGroup } from '../components/RadioGroup';
import { ScreenHeading } from '../components/ScreenHeading';
import type { T } from '../format';
import { i18n } from '../i18n';
import { APP_VOICE, SCAN_SPEEDS_MS, TEXT_SCALES, effectivePrefs, speechPrefs, type EffectivePrefs, type SpeechPrefs } from '../prefs';
import { systemVoices } from '../speech';
import { useEffectivePrefs, useStation } from '../store';
import { playEarcon } from '../voice/earcons';
import { readAloud } from '../voice/speak';


/** The radio groups shared by "My settings" and the station settings. */
export function PrefsFields({
  value,
  onChange,
  t,
  idPrefix,
  withReadAloud = true,
}: {
  value: EffectivePrefs;
  onChange: (next: EffectivePrefs) => void;
  t: T;
  idPrefix: string;
  /** My settings asks it in its own "Read aloud and sounds" section. */
  withReadAloud?: boolean;
}) {
  const set = <K extends keyof EffectivePrefs>(key: K, v: EffectivePrefs[K]) => onChange({ ...value, [key]: v });
  return (
    <>
      <RadioGroup
        legend={t('prefs.textSize')}
        name={`${idPrefix}-text`}
        inline
        value={value.textScale}
        onChange={(v) => set('textScale', v)}
        options={TEXT_SCALES.map((p) => ({
          value: p,
          label: (
            <>
              <span className="sw-sample" aria-hidden="true" style={{ fontSize: `${p / 100}em` }}>
                Aa
              </span>{' '}
              {p}%
            </>
          ),
        }))}
      />
      <RadioGroup
        legend={t('prefs.theme')}
        name={`${idPrefix}-theme`}
        value={value.theme}
        onChange={(v) => set('theme', v)}
        options={[
          { value: 'default', label: t('prefs.themeDefault') },
          { value: 'high-contrast', label: t('prefs.themeHighContrast') },
        ]}
      />
      <RadioGroup
        legend={t('prefs.language')}
        name={`${idPrefix}-lang`}
        value={value.language}
        onChange={(v) => set('language', v)}
        options={[
          { value: 'en', label: t('languages.en'), lang: 'en' },
          { value: 'hi', label: t('languages.hi'), lang: 'hi' },
        ]}
      />
      {withReadAloud ? <ReadAloudField value={value.readAloud} onChange={(v) => set('readAloud', v)} t={t} idPrefix={idPrefix} /> : null}
      <RadioGroup
        legend={t('prefs.scanning')}
        name={`${idPrefix}-scan`}
        value={value.scanMode}
        onChange={(v) => set('scanMode', v)}
        options={[
          { value: 'off', label: t('prefs.scanOff') },
          { value: 'auto', label: t('prefs.scanAuto') },
          { value: 'two-switch', label: t('prefs.scanTwo') },
        ]}
      />
      <RadioGroup
        legend={t('prefs.scanSpeed')}
        name={`${idPrefix}-speed`}
        inline
        value={value.scanSpeedMs}
        onChange={(v) => set('scanSpeedMs', v)}
        options={SCAN_SPEEDS_MS.map((ms) => ({ value: ms, label: t('prefs.seconds', { count: ms / 1000 }) }))}
      />
    </>
  );
}

/**
 * How the chosen settings will look, before they are saved (issue 10, item 9): a sample step in the chosen text size,
 * colours and language. Only this box changes; the screen changes when the person saves.
 */
export function PrefsPreview({ draft }: { draft: EffectivePrefs }) {
  const { t } = useTranslation();
  const tl = i18n.getFixedT(draft.language);
  // The page's own size is the saved one (1rem); the sample is the chosen size relative to it.
  const saved = useEffectivePrefs().textScale;
  return (
    <section className="sw-preview" aria-labelledby="prefs-preview-title" data-testid="prefs-preview" data-scale={draft.textScale} data-theme-preview={draft.theme} data-lang={draft.language}>
      <h2 className="sw-h3" id="prefs-preview-title">
        {t('prefs.previewTitle')}
      </h2>
      <div className="sw-preview__sample" lang={draft.language} style={{ fontSize: `${draft.textScale / saved}rem` }}>
        <p className="sw-preview__count">{tl('run.stepOf', { n: 1, total: 8 })}</p>
        <p className="sw-preview__step">{tl('prefs.previewStep')}</p>
        <span className="sw-preview__done" aria-hidden="true">
          {tl('run.done')}
        </span>
      </div>
      <p className="sw-hint">{t('prefs.previewHint')}</p>
    </section>
  );
}

function ReadAloudField({ value, onChange, t, idPrefix }: { value: boolean; onChange: (v: boolean) => void; t: T; idPrefix: string }) {
  return (
    <RadioGroup
      legend={t('prefs.readAloud')}
      name={`${idPrefix}-read`}
      value={value ? 'on' : 'off'}
      onChange={(v) => onChange(v === 'on')}
      options={[
        { value: 'on', label: t('prefs.readAloudOn') },
        { value: 'off', label: t('prefs.readAloudOff') },
      ]}
    />
  );
}

/**
 * Read aloud and sounds (issue 13), the artisan's own: read each step when it opens, how fast, which voice (the one
 * shipped with Steadywork, or one of this computer's voices for the language), outcome sounds; "Try it" plays the
 * choice before it is saved.
 */
function SpeechFields({ value, onChange, lang, t }: { value: SpeechPrefs; onChange: (next: SpeechPrefs) => void; lang: 'en' | 'hi'; t: T }) {
  const say = useStation((s) => s.say);
  const [voices, setVoices] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    void systemVoices(lang).then((found) => {
      if (live) setVoices([...new Set(found.map((v) => v.name))]);
    });
    return () => {
      live = false;
    };
  }, [lang]);
  const set = <K extends keyof SpeechPrefs>(key: K, v: SpeechPrefs[K]) => onChange({ ...value, [key]: v });
  const tl = i18n.getFixedT(lang);
  // A chosen voice that this computer does not have (or not for this language) is kept, and shown as the app's voice.
  const shownVoice = value.voice === APP_VOICE || voices.includes(value.voice) ? value.voice : APP_VOICE;
  const tryIt = async () => {
    say(tl('speech.reading'), 'info', { quiet: true });
    const outcome = await readAloud([{ text: tl('prefs.trySample') }], lang, value);
    if (outcome === 'failed') say(tl('speech.unavailable'), 'warn');
    else if (outcome === 'spoken' && value.sounds) playEarcon('recorded');
  };
  return (
    <section className="sw-section sw-speech" aria-labelledby="speech-title" data-testid="speech-settings">
      <h2 className="sw-h2" id="speech-title">
        {t('prefs.speechTitle')}
      </h2>
      <p>{t('prefs.speechLead')}</p>
      <ReadAloudField value={value.readAloud} onChange={(v) => set('readAloud', v)} t={t} idPrefix="me" />
      <RadioGroup
        legend={t('prefs.speechRate')}
        name="me-rate"
        inline
        value={value.rate}
        onChange={(v) => set('rate', v)}
        options={[
          { value: 'normal', label: t('prefs.rateNormal') },
          { value: 'slow', label: t('prefs.rateSlow') },
        ]}
      />
      <RadioGroup
        legend={t('prefs.voice')}
        name="me-voice"
        value={shownVoice}
        onChange={(v) => set('voice', v)}
        hint={voices.length === 0 ? t('prefs.voiceNoneHint', { language: t(`languages.${lang}`) }) : undefined}
        options={[
          { value: APP_VOICE, label: t('prefs.voiceApp'), hint: t('prefs.voiceAppHint') },
          ...voices.map((name) => ({ value: name, label: name, hint: t('prefs.voiceSystemHint') })),
        ]}
      />
      <RadioGroup
        legend={t('prefs.sounds')}
        name="me-sounds"
        value={value.sounds ? 'on' : 'off'}
        onChange={(v) => set('sounds', v === 'on')}
        options={[
          { value: 'on', label: t('prefs.soundsOn') },
          { value: 'off', label: t('prefs.soundsOff') },
        ]}
      />
      <div className="sw-actions">
        <Button icon="speaker" onClick={() => void tryIt()} data-testid="try-speech">
          {t('prefs.tryIt')}
        </Button>
      </div>
    </section>
  );
}

/** My settings: the selected artisan's own prefs (no PIN: they are their own). Previewed while choosing, applied when saved. */
export function MySettingsScreen({ scanning }: { scanning: boolean }) {
  const { t } = useTranslation();
  const artisan = useStation((s) => s.artisan);
  const station = useStation((s) => s.station);
  const savePrefs = useStation((s) => s.savePrefs);
  const say = useStation((s) => s.say);
  const [draft, setDraft] = useState<EffectivePrefs>(() => effectivePrefs(station?.settings, artisan?.prefs));
  const [speech, setSpeech] = useState<SpeechPrefs>(() => speechPrefs(effectivePrefs(station?.settings, artisan?.prefs), artisan?.prefs));
  if (!artisan) return null;
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const prefs: PersonalPrefs = { ...draft, readAloud: speech.readAloud, speechRate: speech.rate, voice: speech.voice, sounds: speech.sounds };
    // Said in the language just chosen, since it applies at once.
    if (await savePrefs(prefs)) say(i18n.getFixedT(draft.language)('prefs.saved'), 'ok');
  };
  const applyStationDefaults = async () => {
    if (await savePrefs({})) {
      setDraft(effectivePrefs(station?.settings, {}));
      setSpeech(speechPrefs(effectivePrefs(station?.settings, {}), {}));
      say(i18n.getFixedT(station?.settings.language ?? 'en')('prefs.saved'), 'ok');
    }
  };
  return (
    <>
      <ScreenHeading focusKey="my-settings" noFocus={scanning}>
        {t('prefs.title')}
      </ScreenHeading>
      <p className="sw-lead">{t('prefs.lead', { name: artisan.name })}</p>
      <form className="sw-form sw-settings" onSubmit={(e) => void save(e)} noValidate>
        <PrefsFields value={draft} onChange={setDraft} t={t} idPrefix="me" withReadAloud={false} />
        <PrefsPreview draft={draft} />
        <SpeechFields value={speech} onChange={setSpeech} lang={draft.language} t={t} />
        <div className="sw-actions">
          <Button type="submit" variant="primary" big icon="check" data-scan-first="" data-testid="save-prefs">
            {t('prefs.save')}
          </Button>
          <Button icon="undo" onClick={() => void applyStationDefaults()}>
            {t('prefs.useStation')}
          </Button>
        </div>
      </form>
    </>
  );
}
