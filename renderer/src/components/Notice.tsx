import type { Tone } from '../store';
import { Icon, type IconName } from './Icon';

export const TONE_ICON: Record<Tone, IconName> = { ok: 'check', help: 'help', info: 'info', warn: 'warn', error: 'warn' };

/** Text + icon + colour: the shape of every confirmation and warning. */
export function Notice({ tone, children, title, className }: { tone: Tone; children?: React.ReactNode; title?: React.ReactNode; className?: string }) {
  return (
    <div className={`sw-notice${className ? ` ${className}` : ''}`} data-tone={tone}>
      <Icon name={TONE_ICON[tone]} className="sw-notice__icon" />
      <div className="sw-notice__body">
        {title ? <p className="sw-notice__title">{title}</p> : null}
        {children}
      </div>
    </div>
  );
}
