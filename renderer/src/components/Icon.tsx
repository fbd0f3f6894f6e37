/** Icons support words, never replace them: always aria-hidden, always next to text. */
export type IconName =
  | 'check'
  | 'warn'
  | 'info'
  | 'help'
  | 'clock'
  | 'play'
  | 'undo'
  | 'speaker'
  | 'list'
  | 'person'
  | 'gear'
  | 'sliders'
  | 'lock'
  | 'back'
  | 'cross'
  | 'skip'
  | 'dash'
  | 'sync'
  | 'flag'
  | 'pencil'
  | 'plus'
  | 'trash'
  | 'mic'
  | 'stop';

const PATHS: Record<IconName, React.ReactNode> = {
  check: <path d="M5 12.5l4.5 4.5L19 7.5" />,
  warn: (
    <>
      <path d="M12 3.5L2.5 20h19z" />
      <path d="M12 10v4.5M12 17.2v.3" />
    </>
  ),
  info: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 11v6M12 7.5v.3" />
    </>
  ),
  help: (
    <>
      <path d="M7 11V6.5a1.5 1.5 0 013 0V11M10 10V4.5a1.5 1.5 0 013 0V10M13 10V5.5a1.5 1.5 0 013 0V11M16 11V8a1.5 1.5 0 013 0v6c0 4-2.5 7-6.5 7-3 0-4.5-1.5-6-4l-2.3-4a1.4 1.4 0 012.3-1.5L7 14" />
    </>
  ),
  clock: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5.5l3.5 2" />
    </>
  ),
  play: <path d="M8 5.5v13l10-6.5z" />,
  undo: (
    <>
      <path d="M9 14L4 9l5-5" />
      <path d="M4 9h10a6 6 0 010 12h-3" />
    </>
  ),
  speaker: (
    <>
      <path d="M4 9.5h4l5-4.5v14l-5-4.5H4z" />
      <path d="M16.5 8.5a5 5 0 010 7M19 6a8.5 8.5 0 010 12" />
    </>
  ),
  list: <path d="M9 6h11M9 12h11M9 18h11M4.5 6v.1M4.5 12v.1M4.5 18v.1" />,
  person: (
    <>
      <circle cx="12" cy="8" r="4" />
      <path d="M4 21c0-4.5 3.5-7 8-7s8 2.5 8 7" />
    </>
  ),
  gear: (
    <>
      <circle cx="12" cy="12" r="3.2" />
      <path d="M12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1" />
    </>
  ),
  sliders: (
    <>
      <path d="M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1" />
      <circle cx="15" cy="6" r="2" />
      <circle cx="9" cy="12" r="2" />
      <circle cx="17" cy="18" r="2" />
    </>
  ),
  lock: (
    <>
      <rect x="5" y="10.5" width="14" height="10" rx="1.5" />
      <path d="M8 10.5V7a4 4 0 018 0v3.5" />
    </>
  ),
  back: <path d="M15 5l-7 7 7 7" />,
  cross: <path d="M6 6l12 12M18 6L6 18" />,
  skip: <path d="M5 6l7 6-7 6zM13 6l7 6-7 6z" />,
  dash: <path d="M6 12h12" />,
  sync: (
    <>
      <path d="M4 12a8 8 0 0113.7-5.6L20 8.5M20 4v4.5h-4.5" />
      <path d="M20 12a8 8 0 01-13.7 5.6L4 15.5M4 20v-4.5h4.5" />
    </>
  ),
  flag: <path d="M5 21V4M5 4h11l-2 4 2 4H5" />,
  pencil: <path d="M4 20l1-4L16 5l3 3L8 19zM14 7l3 3" />,
  plus: <path d="M12 5v14M5 12h14" />,
  trash: <path d="M5 7h14M10 7V4.5h4V7M7 7l1 13h8l1-13" />,
  mic: <path d="M12 3.5a3 3 0 013 3v5a3 3 0 01-6 0v-5a3 3 0 013-3zM6 11.5a6 6 0 0012 0M12 17.5V21M8.5 21h7" />,
  stop: <path d="M6.5 6.5h11v11h-11z" />,
};

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg
      className={className ? `sw-icon ${className}` : 'sw-icon'}
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.4"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {PATHS[name]}
    </svg>
  );
}
