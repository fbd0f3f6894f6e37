import { useAppStore } from './store';
import type { ShellStatus } from './shell';
import { strings } from './strings';

type Tone = 'ok' | 'warn' | 'info';

function describe(shell: ShellStatus): { tone: Tone; text: string } {
  switch (shell.state) {
    case 'checking':
      return { tone: 'info', text: strings.checking };
    case 'ready':
      return { tone: 'ok', text: shell.shell === 'electron' ? strings.electron(shell.version) : strings.browser(shell.version) };
    case 'error':
      return {
        tone: 'warn',
        text: shell.reason === 'no-token' ? strings.noToken : shell.reason === 'unauthorized' ? strings.unauthorized : strings.unreachable,
      };
  }
}

/** Icons support the words; they are hidden from assistive technology. */
function StatusIcon({ tone }: { tone: Tone }) {
  return (
    <svg className="sw-status__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="11" fill="currentColor" />
      {tone === 'ok' && <path d="M6.5 12.5l3.5 3.5 7.5-8" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />}
      {tone === 'warn' && <path d="M12 6.5v7M12 17.2v.3" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" />}
      {tone === 'info' && <path d="M12 10.5v7M12 6.8v.3" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" />}
    </svg>
  );
}

export function App() {
  const shell = useAppStore((s) => s.shell);
  const { tone, text } = describe(shell);
  return (
    <main className="sw-page">
      <h1>{strings.title}</h1>
      <p className="sw-lead">{strings.lead}</p>
      <p className="sw-status" data-tone={tone} role="status" aria-live="polite" data-testid="shell-status" data-shell={shell.state === 'ready' ? shell.shell : shell.state}>
        <StatusIcon tone={tone} />
        <span>{text}</span>
      </p>
    </main>
  );
}
