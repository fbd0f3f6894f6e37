/**
 * Help alerts (issue 15, item 3): notices every help request that opens at this station or reaches it through the
 * share, and tells the desktop (an OS notification) once per request; the page asks help.alerts for the ones not yet
 * dismissed (the harness shows them in the page). It looks when a run asks for help here (kick) and every
 * `intervalMs` (requests from other stations arrive with sync). A click on a notification marks the request to open.
 */
import type { HelpAlert, HelpAlerts, OpenHelpRequest } from '../../contract';
import type { Result } from '../../contract/result';
import { errorMessage, type Logger } from '../log/logger';

export type HelpAlertOptions = {
  /** The open help requests (ReviewService.helpOpen). */
  list: () => Promise<Result<OpenHelpRequest[]>>;
  /** Tell the desktop about a new request; `onClick` opens it. */
  notify: (alert: HelpAlert, onClick: () => void) => void;
  logger: Logger;
  /** How often to look for requests from other stations (default 15 s; 0: only when kicked). */
  intervalMs?: number;
};

const MAX_KEPT = 50;

export function toHelpAlert(r: OpenHelpRequest): HelpAlert {
  return {
    eventId: r.eventId,
    runId: r.runId,
    stationId: r.stationId,
    stationName: r.stationName,
    person: r.actorName ?? r.actor,
    title: r.title,
    step: r.stepTitle,
    since: r.since,
  };
}

export class HelpAlertWatcher {
  private readonly known = new Set<string>();
  private readonly dismissed = new Set<string>();
  private current: HelpAlert[] = [];
  private toOpen: string | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private looking: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private lastLook = 0;

  constructor(private readonly opts: HelpAlertOptions) {}

  /** Looks now and then every intervalMs; with 0, only when kicked (tests, and the harness unless asked). */
  start(): void {
    const every = this.opts.intervalMs ?? 15_000;
    if (every > 0) {
      void this.kick();
      this.timer = setInterval(() => void this.kick(), every);
      this.timer.unref?.();
    }
  }

  /** Look now (after a run asked for help); a look already under way is followed by one more. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.looking) {
      this.again = true;
      return this.looking;
    }
    this.looking = this.look().finally(() => {
      this.looking = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.kick();
      }
    });
    return this.looking;
  }

  private async look(): Promise<void> {
    this.lastLook = Date.now();
    let res: Result<OpenHelpRequest[]>;
    try {
      res = await this.opts.list();
    } catch (err) {
      this.opts.logger.warn(`Help alerts: the open help requests could not be read: ${errorMessage(err)}`);
      return;
    }
    if (!res.ok) {
      this.opts.logger.warn(`Help alerts: the open help requests could not be read: ${res.error.message}`);
      return;
    }
    // Only requests nobody has seen yet alert; one seen or answered leaves the list.
    const open = res.value.filter((r) => r.state === 'open').map(toHelpAlert);
    this.current = open.sort((a, b) => Date.parse(b.since) - Date.parse(a.since)).slice(0, MAX_KEPT);
    for (const alert of [...open].reverse()) {
      if (this.known.has(alert.eventId)) continue;
      this.known.add(alert.eventId);
      if (this.stopped) return;
      this.opts.logger.info(`Help requested at ${alert.stationName ?? alert.stationId} by ${alert.person} (${alert.title.en}${alert.step ? `, step "${alert.step.en}"` : ''}).`);
      try {
        this.opts.notify(alert, () => {
          this.toOpen = alert.eventId;
        });
      } catch (err) {
        this.opts.logger.warn(`Help alerts: the notification could not be shown: ${errorMessage(err)}`);
      }
    }
  }

  /**
   * What the page shows; dismissing hides requests here (they stay open for the supervisor). While alerts are shown
   * the list is looked at again (at most every 2 s), so one answered anywhere leaves the page.
   */
  async alerts(args: { dismiss?: string[] | undefined; opened?: string | undefined } = {}): Promise<HelpAlerts> {
    if (this.looking) await this.idle();
    else if (this.current.length > 0 && !this.stopped && Date.now() - this.lastLook >= 2_000) await this.kick();
    for (const id of args.dismiss ?? []) this.dismissed.add(id);
    if (args.opened !== undefined && this.toOpen === args.opened) this.toOpen = null;
    return { alerts: this.current.filter((a) => !this.dismissed.has(a.eventId)), open: this.toOpen };
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** Waits for the looks under way, including one asked for while another ran (before closing the review database). */
  async idle(): Promise<void> {
    while (this.looking) await this.looking;
  }
}
