import { describe, expect, it } from 'vitest';
import { ScanCursor, scanKeyAction, scanOrder } from './scanner';

describe('scanKeyAction', () => {
  it('does nothing when scanning is off', () => {
    for (const key of [' ', 'Enter', 'Tab', 'ArrowRight']) expect(scanKeyAction('off', key)).toBeNull();
  });
  it('one switch (auto): Space or Enter chooses; other keys keep their meaning', () => {
    expect(scanKeyAction('auto', ' ')).toBe('select');
    expect(scanKeyAction('auto', 'Enter')).toBe('select');
    expect(scanKeyAction('auto', 'Tab')).toBeNull();
    expect(scanKeyAction('auto', 'ArrowRight')).toBeNull();
  });
  it('two switches: Tab/arrows move, Space/Enter chooses', () => {
    expect(scanKeyAction('two-switch', 'Tab')).toBe('next');
    expect(scanKeyAction('two-switch', 'Tab', true)).toBe('prev');
    expect(scanKeyAction('two-switch', 'ArrowRight')).toBe('next');
    expect(scanKeyAction('two-switch', 'ArrowDown')).toBe('next');
    expect(scanKeyAction('two-switch', 'ArrowLeft')).toBe('prev');
    expect(scanKeyAction('two-switch', 'ArrowUp')).toBe('prev');
    expect(scanKeyAction('two-switch', ' ')).toBe('select');
    expect(scanKeyAction('two-switch', 'Enter')).toBe('select');
    expect(scanKeyAction('two-switch', 'a')).toBeNull();
  });
});

describe('scanOrder', () => {
  it('starts at the screen first control (Done), wraps through the screen, then the status bar', () => {
    expect(scanOrder(['pad', 'done', 'undo', 'help'], ['today', 'person'], 'done')).toEqual(['done', 'undo', 'help', 'pad', 'today', 'person']);
    expect(scanOrder(['a', 'b'], ['x'], null)).toEqual(['a', 'b', 'x']);
    expect(scanOrder(['a', 'b'], ['x'], 'a')).toEqual(['a', 'b', 'x']);
  });
});

describe('ScanCursor', () => {
  it('walks forward and back, wrapping around', () => {
    const c = new ScanCursor<string>();
    expect(c.current).toBeNull();
    expect(c.next()).toBeNull();
    c.setItems(['done', 'undo', 'help']);
    expect(c.current).toBe('done');
    expect(c.next()).toBe('undo');
    expect(c.next()).toBe('help');
    expect(c.next()).toBe('done');
    expect(c.prev()).toBe('help');
  });

  it('keeps its place when the list is rebuilt, unless told to restart', () => {
    const c = new ScanCursor<string>();
    c.setItems(['1', '2', '3', 'done']);
    c.next();
    expect(c.current).toBe('2');
    expect(c.setItems(['1', '2', '3', 'done'])).toBe('2');
    expect(c.setItems(['1', '2', '3', 'done'], { first: 'done', restart: true })).toBe('done');
  });

  it('goes to the first control when the highlighted one is gone', () => {
    const c = new ScanCursor<string>();
    c.setItems(['a', 'b', 'c']);
    c.moveTo('c');
    expect(c.setItems(['x', 'y'], { first: 'y' })).toBe('y');
    expect(c.setItems([])).toBeNull();
    expect(c.moveTo('nope')).toBe(false);
  });
});
