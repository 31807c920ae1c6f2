/*
 * margins.h — how many candidates an election may have for its seats
 * (差额, RULES §7 and §9), by office class.
 *
 * The statute gives a band of "extra" candidates (candidates − seats), fixed
 * (vice: 1 to 3) or as a fraction of the seats (member: 1/10 to 1/5). The
 * session's election rules (选举办法) fix the exact margin: that is the
 * struct margin_config. A count is checked against the configured margin
 * (hard: too few is an error, too many means a primary, 预选) and the
 * configured margin against the statutory band (soft: fractional bounds are
 * not settled by law, so leaving the band is a warning, never a refusal).
 * The bands are the table in margins.c.
 */
#ifndef RD_RULES_MARGINS_H
#define RD_RULES_MARGINS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

enum office_class {
	OFFICE_HEAD = 0,	/* chair, county head, director, president, chief procurator */
	OFFICE_VICE,		/* vice-chair, deputy county head */
	OFFICE_MEMBER,		/* standing-committee member */
	OFFICE_HIGHER_DELEGATE, /* delegate to the higher congress (EL 31) */
	OFFICE_OTHER,		/* anything else, e.g. by-elections (LOL 30): no band */
	OFFICE_DIRECT,		/* county delegate elected by voters (EL 31) */
	OFFICE_CLASS_COUNT
};

/* The stable name of an office class ("head", ...), or NULL. */
const char *office_class_name(enum office_class c);

/* Parses an office class name; RD_EINVAL (field "office") if unknown. */
enum rd_err office_class_parse(const char *s, enum office_class *out, struct rd_error *e);

/* The margin fixed in the election rules: candidates − seats must lie in
 * [min_extra, max_extra]. */
struct margin_config {
	int64_t min_extra;
	int64_t max_extra;
};

/* The statutory band of extra candidates for `seats`, as exact fractions
 * (lo_num/lo_den .. hi_num/hi_den) and as the integers inside it. */
struct margin_band {
	bool bounded;		      /* false: the law sets no band (OFFICE_OTHER) */
	bool uncontested_ok;	      /* head: equal to seats if only one is nominated */
	int64_t lo_num, lo_den;	      /* least extra, a fraction */
	int64_t hi_num, hi_den;	      /* most extra, a fraction */
	int64_t min_extra, max_extra; /* ceil(lo), floor(hi); min > max: no integer fits */
};

/*
 * The statutory band for an office and a number of seats. RD_EINVAL (field
 * "office" or "seats") if the class is unknown or seats is not in
 * [1, RULES_MAX_COUNT]; *out is then zeroed.
 */
enum rd_err margin_band_for(enum office_class c, int64_t seats, struct margin_band *out,
			    struct rd_error *e);

/*
 * The suggested configuration for an office and seats: the statutory integer
 * band, or (when no integer fits) the nearest lawful-looking one, {1, 1} for
 * unbounded offices. RD_EINVAL as margin_band_for.
 */
enum rd_err margin_default_config(enum office_class c, int64_t seats, struct margin_config *out,
				  struct rd_error *e);

enum margin_status {
	MARGIN_OK = 0,
	MARGIN_WARNING, /* may proceed, but a person must see the reason */
	MARGIN_ERROR,	/* must not proceed with this count */
};

enum margin_reason {
	MARGIN_R_NONE = 0,
	MARGIN_R_UNCONTESTED_HEAD,   /* ok: one candidate for a head office (LOL 27(1)) */
	MARGIN_R_PRIMARY_NEEDED,     /* warning: more nominees than the configured max */
	MARGIN_R_CONFIG_BELOW_LAW,   /* warning: configured min below the statutory band */
	MARGIN_R_CONFIG_ABOVE_LAW,   /* warning: configured max above the statutory band */
	MARGIN_R_NO_INTEGER_IN_BAND, /* warning: no whole number fits the statutory band */
	MARGIN_R_FEWER_THAN_SEATS,   /* error: fewer candidates than seats */
	MARGIN_R_UNCONTESTED,	     /* error: the law requires more candidates than seats */
	MARGIN_R_TOO_FEW,	     /* error: fewer extra candidates than configured */
	MARGIN_R_COUNT
};

/* The stable name of a reason ("primary_needed", ...). */
const char *margin_reason_name(enum margin_reason r);

struct margin_result {
	enum margin_status status; /* the most severe finding */
	enum margin_reason reason; /* its reason */
	char message[256];	   /* one sentence for the staff, with the article */
	bool primary_needed;	   /* more nominees than the configured max (LOL 27(1), EL 32) */
	bool config_outside_law;   /* the configured margin leaves the statutory band */
	int64_t min_candidates;	   /* seats + configured min_extra */
	int64_t max_candidates;	   /* seats + configured max_extra */
	struct margin_band band;   /* the statutory band */
};

/*
 * Checks `candidates` (nominees before a primary, or the formal list) for
 * `seats` of office class c against the configured margin cfg and the
 * statutory band. Never a silent pass: every finding sets status, reason and
 * message; several findings report the most severe, and the flags keep the
 * others. Returns RD_EINVAL (field "office", "seats", "candidates",
 * "margin.min_extra" or "margin.max_extra") if an argument is malformed —
 * negative, out of range, or min_extra > max_extra; *out is then zeroed.
 */
enum rd_err margin_check(enum office_class c, int64_t seats, int64_t candidates,
			 const struct margin_config *cfg, struct margin_result *out,
			 struct rd_error *e);

#endif
