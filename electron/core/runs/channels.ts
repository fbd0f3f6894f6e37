/** The runs domain's channels: what is due today and one run, step by step (all open to the artisans). */
import type { DomainImplementations } from '../../contract';
import type { Result } from '../../contract/result';
import type { StationService } from './station-service';

export type RunsDeps = {
  station: StationService;
  /** Told after a run is completed or abandoned (the composition root syncs it to the share in the background). */
  onRunFinished: () => void;
};

export function runsChannels({ station, onRunFinished }: RunsDeps): DomainImplementations<'runs'> {
  // A finished run is published in the background; the artisan never waits for the share.
  const finished = async <T>(done: Promise<Result<T>>): Promise<Result<T>> => {
    const result = await done;
    if (result.ok) onRunFinished();
    return result;
  };
  return {
    'routines.due': () => station.listDue(),
    'runs.start': (a) => station.startRun(a),
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
