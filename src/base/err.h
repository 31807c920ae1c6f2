/*
 * err.h — the one error type of renda.
 *
 * Every fallible function returns an enum rd_err (0 = RD_OK) and, where the
 * caller needs to tell a person what went wrong, fills a struct rd_error with
 * the field that was at fault and a message. The mapping from rd_err to an
 * HTTP status lives in exactly one place: src/http/response.c.
 */
#ifndef RD_BASE_ERR_H
#define RD_BASE_ERR_H

enum rd_err {
	RD_OK = 0,
	RD_EINVAL,     /* bad input: the field names what */
	RD_ENOTFOUND,  /* the thing asked for does not exist */
	RD_ECONFLICT,  /* state forbids it: duplicate, wrong state, closed vote */
	RD_EUNAUTH,    /* no valid credentials */
	RD_EFORBIDDEN, /* credentials valid, role not allowed */
	RD_ETOOBIG,    /* input over a size limit */
	RD_ERATE,      /* rate limit exceeded */
	RD_ENOMEM,     /* out of memory */
	RD_ESTORE,     /* database failure */
	RD_EIO,	       /* file or network failure */
	RD_EUNAVAIL,   /* shutting down, or a dependency is unavailable */
	RD_EINTERNAL,  /* a bug: an invariant did not hold */
	RD_ERR_COUNT
};

struct rd_error {
	enum rd_err code;
	char field[64];	   /* JSON field or parameter at fault, "" if none */
	char message[256]; /* one sentence for the client, never a secret */
};

/*
 * Records code, field and a printf-style message in e (which may be NULL)
 * and returns code, so that callers can write `return rd_fail(e, ...)`.
 * field may be NULL. Text longer than the buffers is truncated.
 */
enum rd_err rd_fail(struct rd_error *e, enum rd_err code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Resets e to RD_OK with empty field and message. */
void rd_error_clear(struct rd_error *e);

/* The stable machine name of a code: "invalid", "not_found", ... */
const char *rd_err_name(enum rd_err code);

#endif
