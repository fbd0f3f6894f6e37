/** The runs domain's channels: what is due today and one run, step by step (all open to the artisans). */
import type { DomainImplementations } from '../../contract';
import { fail, type Result } from '../../contract/result';
import type { StationService } from './station-service';

export type RunsDeps = {
  station: StationService;
  /** Told after a run is completed or abandoned (the composition root syncs it to the share in the background). */
  onRunFinished: () => void;
  /** The artisans on the station's roster now (their ids): only they start runs. */
  rosterIds: () => ReadonlySet<string>;
};

export function runsChannels({ station, onRunFinished, rosterIds }: RunsDeps): DomainImplementations<'runs'> {
  // A finished run is published in the background; the artisan never waits for the share.
  const finished = async <T>(done: Promise<Result<T>>): Promise<Result<T>> => {
    const result = await done;
    if (result.ok) onRunFinished();
    return result;
  };
  return {
    'routines.due': () => station.listDue(),
    // The journal names who did each run: only a person on the roster can be that person.
    'runs.start': async (a) =>
      rosterIds().has(a.actor)
        ? station.startRun(a)
        : fail('NOT_ON_ROSTER', `"${a.actor}" is not on this station's roster, so no run was started. Choose your name on the first screen; a supervisor adds people in Settings.`),
    'runs.get': (a) => station.getRun(a),
    'runs.open': () => station.openRuns(),
    'runs.tick': (a) => station.tick(a),
    'runs.measure': (a) => station.measure(a),
    'runs.choose': (a) => station.choose(a),
    'runs.note': (a) => station.note(a),
    'runs.skip': (a) => station.skip(a),
    'runs.deviate': (a) => station.deviate(a),
    'runs.reason': (a) => station.giveReason(a),
    'runs.undo': (a) => station.undo(a),
    'runs.help': (a) => station.requestHelp(a),
    'runs.complete': (a) => finished(station.complete(a)),
    'runs.abandon': (a) => finished(station.abandon(a)),
  };
}
