/** The station's people: add, change, remove with a confirmation (roster.save / roster.remove). */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { VisuallyHidden } from '../../components/VisuallyHidden';
import type { Artisan } from '../../contract';
import { artisanIdFor } from '../../format';
import { useStation } from '../../store';

function PersonForm({ person, onDone }: { person: Artisan | null; onDone: () => void }) {
  const { t } = useTranslation();
  const saveArtisan = useStation((s) => s.saveArtisan);
  const roster = useStation((s) => s.station?.roster ?? []);
  const say = useStation((s) => s.say);
  const [name, setName] = useState(person?.name ?? '');
  const [badge, setBadge] = useState(person?.badge ?? '');
  const [errors, setErrors] = useState<Array<{ field: string; text: string }>>([]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Array<{ field: string; text: string }> = [];
    const cleanName = name.trim();
    const cleanBadge = badge.trim();
    if (!cleanName) errs.push({ field: 'person-name', text: t('settings.errorName') });
    if (cleanBadge && roster.some((a) => a.badge === cleanBadge && a.id !== person?.id)) errs.push({ field: 'person-badge', text: t('settings.errorBadgeTaken') });
    setErrors(errs);
    if (errs.length > 0) return;
    const artisan: Artisan = {
      id: person?.id ?? artisanIdFor(cleanName),
      name: cleanName,
      prefs: person?.prefs ?? {},
      ...(cleanBadge ? { badge: cleanBadge } : {}),
      ...(person?.photo ? { photo: person.photo } : {}),
    };
    const res = await saveArtisan(artisan);
    if (!res.ok) {
      if (res.error.code === 'BADGE_TAKEN' || res.error.code === 'DUPLICATE_BADGE') setErrors([{ field: 'person-badge', text: t('settings.errorBadgeTaken') }]);
      return;
    }
    say(t('settings.personSaved', { name: cleanName }), 'ok');
    onDone();
  };
  const err = (f: string) => errors.find((e) => e.field === f)?.text ?? null;
  return (
    <form className="sw-form sw-panel" onSubmit={(e) => void save(e)} noValidate>
      <h3 className="sw-h3" tabIndex={-1} ref={headingRef}>
        {person ? t('settings.editTitle', { name: person.name }) : t('settings.addTitle')}
      </h3>
      <ErrorSummary errors={errors} />
      <TextField id="person-name" label={t('settings.name')} value={name} maxLength={80} error={err('person-name')} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      <TextField
        id="person-badge"
        label={t('settings.badge')}
        hint={t('settings.badgeHint')}
        value={badge}
        maxLength={64}
        error={err('person-badge')}
        onChange={(e) => setBadge(e.target.value)}
        onKeyDown={(e) => {
          // A badge reader ends with Enter: keep it in this field instead of saving the form half-filled.
          if (e.key === 'Enter') e.preventDefault();
        }}
        autoComplete="off"
      />
      <div className="sw-actions">
        <Button type="submit" variant="primary" icon="check" data-testid="save-person">
          {t('settings.savePerson')}
        </Button>
        <Button icon="back" onClick={onDone}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

export function Roster() {
  const { t } = useTranslation();
  const roster = useStation((s) => s.station?.roster ?? []);
  const removeArtisan = useStation((s) => s.removeArtisan);
  const say = useStation((s) => s.say);
  const [editing, setEditing] = useState<Artisan | 'new' | null>(null);
  const [removing, setRemoving] = useState<Artisan | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const close = () => {
    setEditing(null);
    setTimeout(() => addRef.current?.focus(), 0);
  };
  return (
    <section className="sw-section" aria-labelledby="roster-title">
      <h2 className="sw-h2" id="roster-title">
        {t('settings.rosterTitle')}
      </h2>
      {roster.length === 0 ? <p>{t('settings.rosterEmpty')}</p> : null}
      <ul className="sw-roster">
        {roster.map((a) => (
          <li key={a.id} className="sw-roster__item">
            <div className="sw-roster__who">
              <span className="sw-roster__name">{a.name}</span>
              <span className="sw-roster__badge">{a.badge ? t('settings.badgeShown', { badge: a.badge }) : t('settings.noBadge')}</span>
            </div>
            {removing?.id === a.id ? (
              <div className="sw-confirm" role="group" aria-label={t('settings.confirmRemove', { name: a.name })}>
                <p className="sw-confirm__q">{t('settings.confirmRemove', { name: a.name })}</p>
                <p className="sw-hint">{t('settings.confirmRemoveHint')}</p>
                <div className="sw-actions">
                  <Button
                    variant="warning"
                    icon="trash"
                    onClick={() =>
                      void removeArtisan(a.id).then((ok) => {
                        setRemoving(null);
                        if (ok) say(t('settings.removed', { name: a.name }), 'ok');
                        setTimeout(() => addRef.current?.focus(), 0);
                      })
                    }
                  >
                    {t('settings.removeYes', { name: a.name })}
                  </Button>
                  <Button icon="back" onClick={() => setRemoving(null)}>
                    {t('common.cancel')}
                  </Button>
                </div>
              </div>
            ) : (
              <div className="sw-actions sw-actions--tight">
                <Button icon="pencil" onClick={() => setEditing(a)}>
                  {t('settings.edit')}
                  <VisuallyHidden> {a.name}</VisuallyHidden>
                </Button>
                <Button icon="trash" onClick={() => setRemoving(a)}>
                  {t('settings.remove')}
                  <VisuallyHidden> {a.name}</VisuallyHidden>
                </Button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {editing ? (
        <PersonForm key={editing === 'new' ? 'new' : editing.id} person={editing === 'new' ? null : editing} onDone={close} />
      ) : (
        <Button icon="plus" variant="primary" onClick={() => setEditing('new')} ref={addRef} data-testid="add-person">
          {t('settings.add')}
        </Button>
      )}
    </section>
  );
}
