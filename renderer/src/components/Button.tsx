import { Icon, type IconName } from './Icon';

type Variant = 'primary' | 'secondary' | 'warning' | 'quiet' | 'help';

export function Button({
  variant = 'secondary',
  icon,
  big,
  children,
  className,
  ...rest
}: React.ComponentProps<'button'> & { variant?: Variant; icon?: IconName; big?: boolean }) {
  const classes = ['sw-btn', `sw-btn--${variant}`, big ? 'sw-btn--big' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <button type="button" className={classes} {...rest}>
      {icon ? <Icon name={icon} className="sw-btn__icon" /> : null}
      <span className="sw-btn__label">{children}</span>
    </button>
  );
}
