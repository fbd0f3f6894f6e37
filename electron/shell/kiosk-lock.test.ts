/** Kiosk and full-screen stations: the close shortcuts and closes from outside are refused until a supervisor unlocks. */
import { describe, expect, it, vi } from 'vitest';
import type { KioskPrefs } from '../contract';
import { memoryLogger } from '../core/log/logger';
import { isCloseShortcut, kioskLock, type KeyInput } from './kiosk-lock';
import { DEFAULT_KIOSK } from './shell-prefs';

const down = (k: Partial<KeyInput>): KeyInput => ({ type: 'keyDown', key: '', code: '', alt: false, control: false, meta: false, shift: false, ...k });

describe('isCloseShortcut', () => {
  it('Alt+F4, Ctrl+F4, Ctrl+W, Ctrl+Q, Cmd+W, Cmd+Q (either case, any layout by code)', () => {
    for (const k of [
      { key: 'F4', code: 'F4', alt: true },
      { key: 'F4', code: 'F4', control: true },
      { key: 'w', code: 'KeyW', control: true },
      { key: 'W', code: 'KeyW', control: true, shift: true },
      { key: 'q', code: 'KeyQ', control: true },
      { key: 'w', code: 'KeyW', meta: true },
      { key: 'q', code: 'KeyQ', meta: true },
    ]) {
      expect(isCloseShortcut(down(k)), JSON.stringify(k)).toBe(true);
    }
    // A Hindi (InScript) layout types another character on KeyW: the key code still says W.
    expect(isCloseShortcut(down({ key: 'ु', code: 'KeyW', control: true }))).toBe(true);
  });

  it('typing, F4 alone, Alt alone and key-ups are not closing', () => {
    for (const k of [{ key: 'w', code: 'KeyW' }, { key: 'q', code: 'KeyQ', shift: true }, { key: 'F4', code: 'F4' }, { key: 'Alt', code: 'AltLeft', alt: true }, { key: 'a', code: 'KeyA', control: true }]) {
      expect(isCloseShortcut(down(k)), JSON.stringify(k)).toBe(false);
    }
    expect(isCloseShortcut({ ...down({ key: 'F4', code: 'F4', alt: true }), type: 'keyUp' })).toBe(false);
  });
});

describe('kioskLock', () => {
  const setup = (mode: KioskPrefs['mode']) => {
    const kiosk = { ...DEFAULT_KIOSK, mode };
    const logger = memoryLogger();
    const lock = kioskLock({ kiosk: () => kiosk, logger });
    const ev = () => ({ preventDefault: vi.fn() });
    return { kiosk, logger, lock, ev };
  };

  it('a plain window closes as usual: nothing is prevented', () => {
    const { lock, ev } = setup('window');
    const e = ev();
    lock.onInput(e, down({ key: 'F4', code: 'F4', alt: true }));
    expect(lock.refuse(e, 'close')).toBe(false);
    expect(lock.refuse(e, 'quit')).toBe(false);
    expect(e.preventDefault).not.toHaveBeenCalled();
    expect(lock.mayClose()).toBe(true);
  });

  it('kiosk and full screen: the shortcuts are swallowed, closes and quits refused and logged, until the mode is a window again', () => {
    for (const mode of ['kiosk', 'fullscreen'] as const) {
      const { kiosk, lock, ev, logger } = setup(mode);
      const typed = ev();
      lock.onInput(typed, down({ key: 'a', code: 'KeyA' }));
      expect(typed.preventDefault).not.toHaveBeenCalled();
      const altF4 = ev();
      lock.onInput(altF4, down({ key: 'F4', code: 'F4', alt: true }));
      expect(altF4.preventDefault).toHaveBeenCalledTimes(1);
      expect(logger.lines.at(-1)?.message).toBe(`Alt+F4 ignored: the station is in ${mode} mode (a supervisor leaves it in Settings → Station window).`);
      const close = ev();
      expect(lock.refuse(close, 'close')).toBe(true);
      expect(close.preventDefault).toHaveBeenCalledTimes(1);
      expect(lock.refuse(ev(), 'quit')).toBe(true);
      kiosk.mode = 'window'; // what kiosk.set does, behind the supervisor's PIN
      expect(lock.refuse(ev(), 'close')).toBe(false);
    }
  });

  it('released (shutting down, the page lost): closes go through whatever the mode', () => {
    const { lock, ev, logger } = setup('kiosk');
    lock.release('the computer is shutting down');
    lock.release('again'); // once
    expect(lock.refuse(ev(), 'close')).toBe(false);
    expect(logger.lines.map((l) => l.message)).toEqual(['The station window may close: the computer is shutting down.']);
  });
});
