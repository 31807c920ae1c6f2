/*
 * direct.h — direct elections of county delegates by the voters of a
 * constituency (选区), RULES §9, EL art. 25–47: the figures one
 * constituency records for one round and what the law decides from them.
 *
 * The round itself is decided by tally_decide (TALLY_DIRECT): valid only if
 * more than half of the registered voters voted (EL art. 45(1)); a candidate
 * wins with more than half of the ballots returned (EL art. 45(1)); a tie at
 * the cut-off is voted again among the tied (EL art. 45(3)); a re-election
 * elects the most votes with at least one third of the ballots (EL art.
 * 45(5)). This module adds what a constituency's record holds besides:
 * - seats 1 to 3 (EL art. 25(2): 每一选区选一名至三名代表);
 * - roving ballot boxes (流动票箱, EL art. 38), recorded apart and part of
 *   the totals;
 * - proxies (委托投票, EL art. 42): each proxy holder casts at most three
 *   voters' ballots (每一选民接受的委托不得超过三人); their ballots are part
 *   of those returned;
 * - the candidates against the margin (EL art. 31(2): seats + 1/3 to
 *   seats x 2) — a warning in a results tool, never a refusal;
 * - what follows: done, hold the vote again, a tie vote, a re-election, or
 *   seats left vacant after a re-election (RULES §9, a setting);
 * - the re-election's candidates (EL art. 45(4)): the unelected candidates
 *   in the order of their first-round votes, as many as the margin asks —
 *   exactly 2 for 1 seat.
 *
 * Pure: no I/O, no globals; strings borrowed from the input, arrays from the
 * caller's arena.
 */
#ifndef RD_RULES_DIRECT_H
#define RD_RULES_DIRECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "rules/margins.h"
#include "rules/tally.h"

#define DIRECT_SEATS_MAX      3 /* EL art. 25(2) */
#define DIRECT_PROXIES_MAX    3 /* EL art. 42: at most three per proxy holder */
#define DIRECT_PROXY_LIST_MAX 100000

/* One voter who votes for others (受委托人): how many voters entrusted them. */
struct direct_proxy {
	const char *holder; /* a label: the voter's number on the list, never validated further */
	int64_t principals; /* 1 .. DIRECT_PROXIES_MAX */
};

struct direct_input {
	enum tally_round round;	  /* first / re_election / tie_vote */
	int64_t seats;		  /* seats to fill in this round (1..3 in the first round) */
	int64_t voters;		  /* registered voters of the constituency (选民) */
	int64_t ballots_issued;	  /* 发出选票, roving boxes included */
	int64_t ballots_returned; /* 收回选票, roving boxes and proxies included */
	int64_t roving_issued;	  /* of which through roving ballot boxes (流动票箱) */
	int64_t roving_returned;
	const struct direct_proxy *proxies; /* 委托投票 */
	size_t n_proxies;
	const char *const *candidates; /* on the ballot, in ballot order */
	size_t n_candidates;
	int64_t void_count;		 /* void ballots */
	const struct tally_votes *votes; /* every name's votes; may include write-ins */
	size_t n_votes;
	bool keep_unfilled_vacant; /* RULES §9 setting: after a re-election, seats still
				      unfilled stay vacant (default true) */
};

enum direct_next {
	DIRECT_DONE = 0,    /* every seat of the round is filled */
	DIRECT_HOLD_AGAIN,  /* the round is void: vote again (EL art. 44(1), 45(1)) */
	DIRECT_TIE_VOTE,    /* vote again among the tied (EL art. 45(3)) */
	DIRECT_RE_ELECTION, /* seats unfilled: re-election (EL art. 45(4)) */
	DIRECT_VACANT,	    /* unfilled after a re-election: left vacant (RULES §9) */
	DIRECT_NEXT_COUNT
};

/* "done", "hold_again", "tie_vote", "re_election", "vacant". */
const char *direct_next_name(enum direct_next n);

struct direct_result {
	struct tally_result tally;   /* the round's decision */
	int64_t turnout_needed;	     /* more than half of the voters: floor(voters/2)+1 */
	bool turnout_met;	     /* returned >= turnout_needed (EL art. 45(1)) */
	int64_t proxy_holders;	     /* how many voted for others */
	int64_t proxy_ballots;	     /* ballots cast by proxy */
	bool roving_more_returned;   /* a roving box came back with more than it took out */
	struct margin_result margin; /* first round: candidates vs EL art. 31(2) */
	bool margin_checked;
	enum direct_next next;
	int64_t re_election_seats; /* seats for the re-election (next == re_election) */
	int64_t vacant;		   /* seats left vacant (next == vacant) */
};

/*
 * Checks the figures: seats 1..3 in the first round (>= 1 in others), every
 * count in range, roving figures within the totals, each proxy holder named
 * once with 1..3 principals, the proxy ballots within those returned, and
 * what tally_validate checks (issued <= voters, void <= returned, votes).
 * RD_EINVAL with the field ("seats", "roving.returned",
 * "proxies[2].principals", "counts.votes", ...).
 */
enum rd_err direct_validate(const struct direct_input *in, struct rd_error *e);

/*
 * The tally input of the round (TALLY_DIRECT, counts), pointing into *in.
 */
void direct_tally_input(const struct direct_input *in, struct tally_input *out);

/*
 * Decides the round: validates (RD_EINVAL, *out zeroed), decides with
 * tally_decide, adds the turnout, proxies, roving boxes, the margin check
 * (first round) and what follows. Arrays from arena a.
 */
enum rd_err direct_decide(const struct direct_input *in, struct arena *a, struct direct_result *out,
			  struct rd_error *e);

/* The re-election's candidates (EL art. 45(4)). */
struct direct_re_candidates {
	const char **names; /* in first-round vote order (ballot order among equal votes) */
	size_t n;
	int64_t wanted;	  /* seats + the least lawful margin: 2 for 1 seat */
	const char **tie; /* tied across the cut-off: a person must choose among them */
	size_t n_tie;
	int64_t tie_places; /* how many of the tied to take */
	bool short_list;    /* fewer unelected candidates than wanted: all are taken */
};

/*
 * From a decided first round `first` (candidates as in its input), the
 * candidates for a re-election of `seats` seats: the candidates not elected,
 * ordered by their first-round votes (0 if none; write-ins are not
 * candidates), the first seats + ceil(seats/3) of them (EL art. 31(2),
 * 45(4): 如果只选一人，候选人应为二人). If a tie crosses that cut-off,
 * names holds those above it and tie the tied, for tie_places places.
 * RD_EINVAL (field "seats") if seats < 1 or the first round was void.
 */
enum rd_err direct_re_election_candidates(const struct tally_result *first,
					  const char *const *candidates, size_t n_candidates,
					  int64_t seats, struct arena *a,
					  struct direct_re_candidates *out, struct rd_error *e);

#endif
