import type { ErrorInfo } from '../../contract';
import type { T } from '../../format';

/** The words for an error of these channels, in the screen's language; `folder` names the path it is about. */
export function procurementError(t: T, error: ErrorInfo, folder: string): string {
  const key = `procurement.errors.${error.code}`;
  const text = t(key, { folder });
  return text === key ? t('common.notSaved') : text;
}
