// The election rounds of one plenary that the device and the big screen
// show: open ones ("正在选举"), and the newest announced one (its result).
// At first (and after a reconnect) the session's elections are read; after
// that an election.round event asks only for that round, and election.voted
// for the round's new count (the event itself carries none) — only where
// `followVotes` is set (the big screen): a hall of devices must not ask
// once per ballot. Many devices receive the same event: `spread` delays
// each one's request by up to that many milliseconds so they do not all
// ask at once.
import { ref, watch, type Ref } from 'vue';
import type { Election, Round } from '../api/types';
import { useLive } from '../floor/live';
import { getElection, getRound, listElections } from './api';
import { onElectionEvents } from './live';

export interface RoundOnFloor {
  election: Election;
  round: Round;
}

export function useOpenRounds(sessionId: Ref<number>, plenaryId: Ref<number>, opts: { spread?: number; followVotes?: boolean } = {}) {
  const spread = opts.spread ?? 0;
  /** Rounds of this plenary that are open or announced, newest last. */
  const rounds = ref<RoundOnFloor[]>([]);
  const elections = new Map<number, Election>();

  async function scan(): Promise<void> {
    if (!sessionId.value || !plenaryId.value) {
      rounds.value = [];
      return;
    }
    const { elections: list } = await listElections(sessionId.value);
    const views = await Promise.all(list.map((e) => getElection(e.id)));
    const out: RoundOnFloor[] = [];
    for (const v of views) {
      elections.set(v.election.id, v.election);
      for (const r of v.rounds) if (r.plenary_id === plenaryId.value && r.state !== 'draft') out.push({ election: v.election, round: r });
    }
    out.sort((a, b) => a.round.id - b.round.id);
    // The device needs i_voted, which only GET /api/rounds/{id} tells.
    for (const x of out) if (x.round.state === 'open') x.round = (await getRound(x.round.id)).round;
    rounds.value = out;
  }

  async function one(id: number): Promise<void> {
    const { round } = await getRound(id);
    if (round.plenary_id !== plenaryId.value) return;
    let e = elections.get(round.election_id);
    if (!e) {
      e = (await getElection(round.election_id)).election;
      elections.set(e.id, e);
    }
    const rest = rounds.value.filter((x) => x.round.id !== id);
    rounds.value = round.state === 'draft' ? rest : [...rest, { election: e, round }].sort((a, b) => a.round.id - b.round.id);
  }

  const live = useLive(scan);
  watch([sessionId, plenaryId], () => live.refresh(), { immediate: true });

  const pending = new Set<number>();
  function later(id: number): void {
    if (pending.has(id)) return;
    pending.add(id);
    setTimeout(() => {
      pending.delete(id);
      one(id).catch(() => undefined);
    }, spread ? Math.random() * spread : 0);
  }
  onElectionEvents((e, type) => {
    if (!e.round_id) return;
    if (type === 'election.round') later(e.round_id);
    else if (opts.followVotes && rounds.value.some((x) => x.round.id === e.round_id && x.round.state === 'open')) later(e.round_id);
  });

  return { rounds, refresh: live.refresh };
}
