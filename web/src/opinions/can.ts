// Which steps to offer on an issue. The server's `viewer` object decides
// when it is there; otherwise a plain reading of the states by role. Either
// way this only hides buttons: the server checks every step again.
import { hasAnyRole } from '../auth/session';
import type { OpinionCan, OpinionDetail, OpinionState } from './types';

const OPEN: readonly OpinionState[] = ['submitted', 'routed', 'taken', 'suggested'];
const UNTAKEN: readonly OpinionState[] = ['submitted', 'routed'];

export function stepsFor(o: OpinionDetail): Required<OpinionCan> {
  const staff = hasAnyRole(['staff']);
  const delegate = hasAnyRole(['delegate']);
  const s = o.state;
  const guess: Required<OpinionCan> = {
    triage: staff && UNTAKEN.includes(s),
    route: staff && UNTAKEN.includes(s),
    merge: staff && OPEN.includes(s) && s !== 'suggested',
    reject: staff && UNTAKEN.includes(s),
    take: delegate && s === 'routed',
    activity: delegate && (s === 'taken' || s === 'suggested'),
    suggestion: delegate && s === 'taken',
    answer: (delegate && (s === 'taken' || s === 'suggested')) || (staff && OPEN.includes(s)),
  };
  const v = o.viewer;
  if (!v) return guess;
  return {
    triage: v.triage ?? guess.triage,
    route: v.route ?? guess.route,
    merge: v.merge ?? guess.merge,
    reject: v.reject ?? guess.reject,
    take: v.take ?? guess.take,
    activity: v.record ?? guess.activity,
    suggestion: v.suggest ?? guess.suggestion,
    answer: v.answer ?? guess.answer,
  };
}
