/** Print and (in the desktop app) Save as PDF, for a printable page: checklist, run timeline, scorecard. */
import { useTranslation } from 'react-i18next';
import { printPage } from '../print';
import { useStation } from '../store';
import { Button } from './Button';

export function PrintButtons({ name, testId = 'print' }: { name: string; testId?: string }) {
  const { t } = useTranslation();
  const electron = useStation((s) => s.station?.shell === 'electron');
  const say = useStation((s) => s.say);
  const print = async (mode: 'print' | 'pdf') => {
    const done = await printPage(name, mode);
    if (done.via === 'app' && done.done) say(done.path ? t('desktop.savedPdf', { path: done.path }) : t('desktop.printed'), 'ok');
  };
  return (
    <div className="sw-actions sw-noprint">
      <Button icon="list" onClick={() => void print('print')} data-testid={testId}>
        {t('desktop.print')}
      </Button>
      {electron ? (
        <Button icon="list" onClick={() => void print('pdf')} data-testid={`${testId}-pdf`}>
          {t('desktop.savePdf')}
        </Button>
      ) : null}
    </div>
  );
}
