/** The step's picture from the standard (standards.picture), asked for once per standard and step. */
import { api } from '../../api';
import type { Picture, Step } from '../../contract';
import { type Lang, localized } from '../../i18n';
import { useQuery } from '../../useChannel';

const pictureCache = new Map<string, Picture>();

function usePicture(hash: string, stepId: string | undefined): Picture {
  const key = `${hash}:${stepId ?? ''}`;
  const cached = pictureCache.get(key);
  const loaded = useQuery<Picture>(stepId && cached === undefined ? `standards.picture:${key}` : null, async () => {
    // A picture that cannot be read is shown as none, and not asked for again.
    const res = await api['standards.picture']({ hash, stepId: stepId ?? '' });
    const value = res.ok ? res.value : null;
    pictureCache.set(key, value);
    return { ok: true, value };
  });
  if (!stepId) return null;
  return cached !== undefined ? cached : loaded.data;
}

export function StepPicture({ hash, step, lang }: { hash: string; step: Step; lang: Lang }) {
  const picture = usePicture(hash, step.media?.picture ? step.id : undefined);
  if (!picture) return null;
  const alt = localized(picture.alt ?? step.media?.pictureAlt, lang);
  return (
    <figure className="sw-step-picture">
      <img src={picture.dataUrl} alt={alt.text} lang={alt.lang} />
    </figure>
  );
}
