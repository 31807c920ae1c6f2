/* signers.c — see signers.h. */
#include <string.h>

#include "api/signers.h"
#include "base/clock.h"
#include "store/floor.h"
#include "base/banned.h"

/* What differs per kind in the API. */
static const struct {
	const char *signed_already; /* the 409 of a second signature */
	bool brief;		    /* list without status and time */
} kinds[] = {
	[SIGNERS_MOTION] = {"you have signed this motion already", false},
	[SIGNERS_INTERPELLATION] = {"you have signed this interpellation already", false},
	[SIGNERS_SUGGESTION] = {"you are on this suggestion already", true},
};

static bool kind_ok(enum signers_of of)
{
	return (size_t)of < sizeof(kinds) / sizeof(kinds[0]);
}

enum rd_err signers_caller_find(struct store_tx *tx, enum signers_of of, int64_t item,
				int64_t term_id, int64_t user_id, struct signers_caller *out)
{
	struct delegate d;
	enum rd_err rc;

	memset(out, 0, sizeof(*out));
	if (delegate_by_user(tx, term_id, user_id, &d) != RD_OK)
		return RD_OK;
	out->delegate_id = d.id;
	out->sitting = strcmp(d.status, "sitting") == 0;
	rc = signers_role(tx, of, item, d.id, out->role, sizeof(out->role));
	return rc == RD_ENOTFOUND ? RD_OK : rc;
}

enum rd_err signers_cosign(struct store_tx *tx, enum signers_of of, int64_t item,
			   int64_t delegate_id, struct rd_error *err)
{
	enum rd_err rc;

	if (!kind_ok(of))
		return RD_EINTERNAL;
	rc = signers_add(tx, of, item, delegate_id, "co_signer", clock_now_ms());
	if (rc == RD_ECONFLICT)
		return rd_fail(err, rc, "id", "%s", kinds[of].signed_already);
	return rc;
}

struct list {
	json_t *arr;
	bool brief;
};

static int add_signer(int64_t id, const char *name, const char *role, const char *status,
		      int64_t at, void *arg)
{
	struct list *l = arg;
	char when[32];

	if (l->brief) {
		json_array_append_new(l->arr,
				      json_pack("{s:I, s:s, s:s}", "delegate_id", (json_int_t)id,
						"name", name, "role", role));
		return 0;
	}
	if (at)
		clock_iso8601(at, when, sizeof(when));
	json_array_append_new(l->arr,
			      json_pack("{s:I, s:s, s:s, s:s, s:o}", "delegate_id", (json_int_t)id,
					"name", name, "role", role, "status", status, "at",
					at ? json_string(when) : json_null()));
	return 0;
}

enum rd_err signers_json(struct store_tx *tx, enum signers_of of, int64_t item, json_t *arr)
{
	struct list l = {.arr = arr};

	if (!kind_ok(of))
		return RD_EINTERNAL;
	l.brief = kinds[of].brief;
	return signers_each(tx, of, item, add_signer, &l);
}
