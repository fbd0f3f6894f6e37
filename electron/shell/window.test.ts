import { describe, expect, it } from 'vitest';
import { APP_START_URL, mainWindowOptions } from './window';

describe('mainWindowOptions', () => {
  const options = mainWindowOptions('/app/dist/electron/preload.cjs');
  const web = options.webPreferences ?? {};

  it('isolates the renderer from Node and runs it in the sandbox', () => {
    expect(web.preload).toBe('/app/dist/electron/preload.cjs');
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and remote content off', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
  });

  it('turns spellcheck off, and dev tools off unless asked', () => {
    expect(web.spellcheck).toBe(false);
    expect(web.devTools).toBe(false);
    expect(mainWindowOptions('/p').webPreferences?.devTools).toBe(false);
    expect(mainWindowOptions('/p', { devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('waits for the first paint before showing', () => {
    expect(options.show).toBe(false);
    expect(options.title).toBe('Steadywork');
  });

  it('starts at the app:// page', () => {
    expect(APP_START_URL).toBe('app://steadywork/index.html');
  });
});
