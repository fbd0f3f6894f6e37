import { useEffect, useRef } from 'react';
import { BadgeCollector } from './badge';
import { isTextEntry } from './scan/useSwitchScan';

/**
 * Listens for a badge reader (fast keys ending in Enter) while no text field has focus, and hands the badge
 * over. Runs in the capture phase on window, before switch scanning (document) sees the Enter.
 */
export function useBadgeReader(enabled: boolean, onBadge: (badge: string) => void): void {
  const handler = useRef(onBadge);
  handler.current = onBadge;
  useEffect(() => {
    if (!enabled) return;
    const collector = new BadgeCollector();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
      if (isTextEntry(event.target as Element | null)) {
        collector.reset();
        return;
      }
      const wasCollecting = collector.collecting;
      const step = collector.key(event.key, event.timeStamp || performance.now());
      if (step.kind === 'badge') {
        event.preventDefault();
        event.stopPropagation();
        handler.current(step.badge);
      } else if (event.key === 'Enter' && wasCollecting) {
        // A slow "badge" (a person typing): not a badge, but do not let its Enter press a button by surprise.
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [enabled]);
}
