/** The window opens where it was last closed, never off every screen (a monitor unplugged, a lower resolution). */
import { describe, expect, it } from 'vitest';
import { placeWindow, reachable } from './window-place';

const laptop = { workArea: { x: 0, y: 0, width: 1366, height: 728 } };
const rightMonitor = { workArea: { x: 1366, y: 0, width: 1920, height: 1040 } };
const leftMonitor = { workArea: { x: -1280, y: 0, width: 1280, height: 984 } };

describe('placeWindow', () => {
  it('nothing saved: the default size and the OS places it', () => {
    expect(placeWindow(null, [laptop], laptop)).toBeNull();
  });

  it('kept and restored as saved while its screen is there (a second screen, negative coordinates too)', () => {
    const onRight = { x: 1500, y: 100, width: 1600, height: 900 };
    expect(placeWindow(onRight, [laptop, rightMonitor], laptop)).toEqual(onRight);
    const onLeft = { x: -1200, y: 40, width: 1000, height: 700 };
    expect(placeWindow(onLeft, [leftMonitor, laptop], laptop)).toEqual(onLeft);
    // Half off the edge but with its title bar reachable: left where the person put it.
    const halfOff = { x: 1000, y: 300, width: 1280, height: 860 };
    expect(placeWindow(halfOff, [laptop], laptop)).toEqual(halfOff);
  });

  it('on a screen that no longer exists: put back on the main screen, centred, shrunk to fit its work area', () => {
    expect(placeWindow({ x: 1500, y: 100, width: 1600, height: 900 }, [laptop], laptop)).toEqual({ x: 0, y: 0, width: 1366, height: 728 });
    expect(placeWindow({ x: -1200, y: 40, width: 1000, height: 700 }, [laptop], laptop)).toEqual({ x: 183, y: 14, width: 1000, height: 700 });
    // The main screen need not start at 0,0 (a panel on the left or at the top).
    const panelled = { workArea: { x: 64, y: 32, width: 1302, height: 736 } };
    expect(placeWindow({ x: 5000, y: 5000, width: 800, height: 600 }, [panelled], panelled)).toEqual({ x: 315, y: 100, width: 800, height: 600 });
  });

  it('a title bar above the screen or only a sliver on it is not reachable: moved back', () => {
    expect(reachable({ x: 100, y: -500, width: 1000, height: 700 }, [laptop])).toBe(false); // only the bottom shows: no title bar
    expect(reachable({ x: 1300, y: 100, width: 1000, height: 700 }, [laptop])).toBe(false); // 66 px of it
    expect(reachable({ x: 1100, y: 100, width: 1000, height: 700 }, [laptop])).toBe(true); // 266 px
    expect(placeWindow({ x: 100, y: -500, width: 1000, height: 700 }, [laptop], laptop)).toEqual({ x: 183, y: 14, width: 1000, height: 700 });
  });

  it('a saved size without a place keeps the size, shrunk to the screen', () => {
    expect(placeWindow({ width: 2560, height: 1400 }, [laptop], laptop)).toEqual({ width: 1366, height: 728 });
    expect(placeWindow({ width: 1024, height: 700 }, [laptop], laptop)).toEqual({ width: 1024, height: 700 });
  });
});
