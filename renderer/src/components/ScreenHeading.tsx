import { forwardRef, useEffect, useRef } from 'react';

/**
 * The screen's one <h1>. Focus moves to it when the screen (or `focusKey`) changes, so screen readers start
 * there and keyboard users continue from the top. While switch scanning is on, the scanner owns focus.
 */
export const ScreenHeading = forwardRef<HTMLHeadingElement, { children: React.ReactNode; focusKey: string; className?: string; noFocus?: boolean }>(
  function ScreenHeading({ children, focusKey, className, noFocus }, outer) {
    const inner = useRef<HTMLHeadingElement | null>(null);
    useEffect(() => {
      if (noFocus) return;
      const el = inner.current;
      if (!el) return;
      window.scrollTo({ top: 0 });
      el.focus({ preventScroll: true });
    }, [focusKey, noFocus]);
    return (
      <h1
        tabIndex={-1}
        className={className}
        ref={(el) => {
          inner.current = el;
          if (typeof outer === 'function') outer(el);
          else if (outer) outer.current = el;
        }}
      >
        {children}
      </h1>
    );
  },
);
