/** The contract's own rules: every channel in exactly one domain, and the access rule agrees with the arguments. */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CHANNEL_NAMES, CHANNELS, CHECKS_ITS_OWN_SESSION, DOMAINS } from '.';

/** The `session` field of a channel's arguments, if its schema is an object that has one. */
const sessionField = (args: z.ZodType): z.ZodType | undefined => (args as unknown as { shape?: Record<string, z.ZodType> }).shape?.session;

describe('contract', () => {
  it('every channel belongs to exactly one domain, and CHANNELS is their union', () => {
    const fromDomains = Object.values(DOMAINS).flatMap((d) => Object.keys(d));
    expect(fromDomains).toEqual(CHANNEL_NAMES);
    expect(new Set(fromDomains).size).toBe(fromDomains.length);
    expect(CHANNEL_NAMES).toHaveLength(69);
  });

  it("a channel is guarded (access is not 'station') exactly when its arguments carry the supervisor session", () => {
    const ownSession: readonly string[] = CHECKS_ITS_OWN_SESSION;
    for (const name of CHANNEL_NAMES) {
      const { access, args } = CHANNELS[name];
      const session = sessionField(args);
      if (ownSession.includes(name)) {
        // Open channels that check the session themselves (lock).
        expect({ name, access, session: session !== undefined }).toEqual({ name, access: 'station', session: true });
        continue;
      }
      expect({ name, guarded: access !== 'station' }).toEqual({ name, guarded: session !== undefined });
      if (session) expect({ name, sessionRequired: !session.safeParse(undefined).success }).toEqual({ name, sessionRequired: true });
    }
  });

  it('the access rules: 29 open channels, 29 supervisor channels, the 11 procurement ones', () => {
    const by = (access: string) => CHANNEL_NAMES.filter((n) => CHANNELS[n].access === access);
    expect(by('procurement')).toEqual(['procurement.import', 'procurement.status', 'procurement.scorecard', 'procurement.export',
      'procurement.enrolment', 'procurement.enrol', 'procurement.enrolmentExport', 'procurement.enrolmentImport',
      'procurement.ledger', 'procurement.setLedger', 'procurement.suppliers']);
    expect(by('supervisor')).toEqual([
      'settings.update', 'sync.checkFolder', 'dialog.chooseFolder', 'roster.save', 'roster.remove', 'supervisor.changePin', 'supervisors.save', 'supervisors.remove', 'setup.confirm', 'setup.finish', 'standards.list', 'standards.check', 'standards.publish', 'standards.retire',
      'review.status', 'review.refresh', 'review.facets', 'review.history', 'review.timeline', 'review.attachment', 'review.sign', 'review.trends', 'help.open', 'help.seen', 'help.answer', 'help.close',
      'dialog.chooseFile', 'logs.openFolder', 'kiosk.set',
    ]);
    expect(by('station')).toHaveLength(29);
    expect(by('station')).toEqual(expect.arrayContaining(['app.about', 'print.page', 'kiosk.get', 'help.alerts']));
    expect(by('station')).toContain('setup.start');
  });

  it('no open channel can claim a station: only unlock (checks a PIN) and setup.start (only while there is no supervisor) take a PIN', () => {
    const takesPin = (n: (typeof CHANNEL_NAMES)[number]) => (CHANNELS[n].args as unknown as { shape?: Record<string, unknown> }).shape?.pin !== undefined;
    expect(CHANNEL_NAMES.filter((n) => CHANNELS[n].access === 'station' && takesPin(n))).toEqual(['supervisor.unlock', 'setup.start']);
  });
});
