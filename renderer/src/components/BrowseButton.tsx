/**
 * Browse… next to a typed path (issue 15, item 2): the computer's own folder or file dialog, in the desktop app only.
 * The browser harness has no dialog: the button is not shown there and the typed path stays the way in.
 */
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { FilePurpose, FolderPurpose } from '../contract';
import { supervisorFailure, useStation } from '../store';
import { Button } from './Button';

type Props = { onChosen: (path: string) => void; label?: string; testId?: string; title: string } & (
  | { folder: FolderPurpose; file?: never }
  | { file: FilePurpose; folder?: never }
);

export function BrowseButton({ onChosen, label, testId, title, folder, file }: Props) {
  const { t } = useTranslation();
  const electron = useStation((s) => s.station?.shell === 'electron');
  const session = useStation((s) => s.supervisor?.session ?? null);
  if (!electron || !session) return null;
  const browse = async () => {
    const res = folder ? await api['dialog.chooseFolder']({ session, title, purpose: folder }) : await api['dialog.chooseFile']({ session, title, purpose: file! });
    if (!res.ok) {
      if (res.error.code === 'SUPERVISOR_REQUIRED') supervisorFailure(res.error);
      return;
    }
    if (res.value.available && res.value.path) onChosen(res.value.path);
  };
  return (
    <Button icon="list" onClick={() => void browse()} data-testid={testId ?? 'browse'}>
      {label ?? t('desktop.browse')}
    </Button>
  );
}
