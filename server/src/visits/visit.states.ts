import { visitStates, type VisitState } from "@bedside/shared";

/**
 * The visit state machine, the only statement of it: for each state, the states a visit may move
 * to next. Every change of `visits.state` goes through `VisitRepository.transition`, which takes
 * its allowed from-states from here, so a caller cannot widen them.
 *
 * - scheduled → waiting: the first guest takes a place in the waiting room.
 * - scheduled | waiting → in_call: the clinician admits someone or opens the call.
 * - any but ended → ended: the clinician ends the visit. Ended is final.
 */
export const visitTransitions = {
  scheduled: ["waiting", "in_call", "ended"],
  waiting: ["in_call", "ended"],
  in_call: ["ended"],
  ended: [],
} as const satisfies Record<VisitState, readonly VisitState[]>;

/** The states from which a visit may move to `to`. */
export function statesBefore(to: VisitState): VisitState[] {
  return visitStates.filter((from) => (visitTransitions[from] as readonly VisitState[]).includes(to));
}

export const canTransition = (from: VisitState, to: VisitState): boolean =>
  (visitTransitions[from] as readonly VisitState[]).includes(to);
