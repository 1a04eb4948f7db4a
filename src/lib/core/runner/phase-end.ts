import type { RunOutcome } from './runner';

/** How one phase of calls (a run's model, or a judging's judge) ended, as stored and shown. */
export interface PhaseEnd {
  status: 'done' | 'paused' | 'cancelled' | 'stopped';
  /** What to do about it, when there is something to do. */
  message?: string;
  /** A save failed: recording the status may fail too, and must not hide this message. */
  storageFull?: boolean;
}

export function endOf(outcome: RunOutcome, pausedByUser: boolean): PhaseEnd {
  if (outcome.status === 'completed') return { status: 'done' };
  if (outcome.status === 'cancelled') return { status: pausedByUser ? 'paused' : 'cancelled' };
  if (outcome.stopped.reason === 'storage') {
    // A full disk is not the model's fault: pause, keep what arrived, and say what to do.
    return {
      status: 'paused',
      storageFull: true,
      message: `Storage is full, so the run is paused and nothing is lost (${outcome.unsaved.length} answers are held in this tab). Free some disk space, then resume. (${outcome.stopped.message})`
    };
  }
  return { status: 'stopped', message: outcome.stopped.message };
}
