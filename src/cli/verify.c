/*
 * verify.c — `renda verify`: walk the audit chain of a data folder and say
 * whether it is intact, and if not, the first entry that is broken; then
 * check every announced election round: the Ed25519 signature of its
 * announcement (公告) against the public half of DATA/signing.key, and its
 * decision recomputed by the rules (tally_decide) from the recorded ballots
 * or counts; and every announced round of a direct election, its decision
 * recomputed by rules/direct.c from the recorded figures.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "api/elections.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "store/audit.h"
#include "store/direct.h"
#include "store/elections.h"
#include "base/banned.h"

#define VERIFY_MAX_ROUNDS 4096

const char cli_verify_help[] =
	"usage: renda verify [--data DIR] [--store URI]\n"
	"\n"
	"Recomputes the hash chain of the audit log. Prints the number of entries\n"
	"and the head hash (publish it: deleting the newest entries can only be\n"
	"seen against a head published earlier). Then checks every announced\n"
	"election round (and direct election round): the announcement's Ed25519\n"
	"signature against the key in DIR/signing.key, and the decision recomputed\n"
	"from the recorded ballots, counts or figures against the stored and the\n"
	"announced one. Exit status 0 if all\n"
	"hold, 1 if an entry was edited, inserted or removed or a round does not\n"
	"verify, 2 on bad usage.\n"
	"\n"
	"  --data DIR   the data folder (default ./data)\n" CLI_STORE_HELP;

struct verify_ctx {
	struct audit_report rep;
	const unsigned char *pk; /* NULL: no key */
	int64_t rounds, bad;
};

static enum rd_err verify_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct verify_ctx *c = arg;
	int64_t *ids = calloc(VERIFY_MAX_ROUNDS, sizeof(*ids));
	size_t n = 0;
	enum rd_err rc = ids ? audit_verify(tx, &c->rep) : RD_ENOMEM;

	if (!rc)
		rc = rounds_announced(tx, ids, VERIFY_MAX_ROUNDS, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		struct rd_error e = {0};

		c->rounds++;
		if (!c->pk) {
			printf("round %lld: NOT VERIFIED: no signing key\n", (long long)ids[i]);
			c->bad++;
		} else if (elections_verify_round(tx, ids[i], c->pk, &e)) {
			printf("round %lld: MISMATCH (%s): %s\n", (long long)ids[i], e.field,
			       e.message);
			c->bad++;
		}
	}
	/* Direct elections' announced rounds (RULES §9), the same checks. */
	if (!rc)
		rc = direct_rounds_announced(tx, ids, VERIFY_MAX_ROUNDS, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		struct rd_error e = {0};

		c->rounds++;
		if (!c->pk) {
			printf("direct round %lld: NOT VERIFIED: no signing key\n",
			       (long long)ids[i]);
			c->bad++;
		} else if (direct_verify_round(tx, ids[i], c->pk, &e)) {
			printf("direct round %lld: MISMATCH (%s): %s\n", (long long)ids[i], e.field,
			       e.message);
			c->bad++;
		}
	}
	free(ids);
	(void)err;
	return rc;
}

/* The public half of DIR/signing.key into pk; false if there is none. */
static bool load_public_key(const char *dir, unsigned char pk[32])
{
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	char path[4096];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/signing.key", dir);
	f = fopen(path, "rb");
	if (!f)
		return false;
	n = fread(sk, 1, sizeof(sk), f);
	fclose(f);
	if (n == sizeof(sk))
		crypto_sign_ed25519_sk_to_pk(pk, sk);
	sodium_memzero(sk, sizeof(sk));
	return n == sizeof(sk);
}

int cli_verify(int argc, char **argv)
{
	const char *dir = CLI_DEFAULT_DATA, *store = NULL;
	const struct cli_opt opts[] = {
		{"--data", true, &dir, NULL}, {"--store", true, &store, NULL}, {NULL}};
	struct verify_ctx c = {0};
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	struct rd_error err = {0};
	struct store *s;
	int rc = 1;

	if (!cli_parse("verify", argc, argv, opts, NULL, 0, NULL))
		return 2;
	s = cli_open_store("verify", dir, store, true, true);
	if (!s)
		return 1;
	if (sodium_init() < 0)
		goto out;
	c.pk = load_public_key(dir, pk) ? pk : NULL;
	if (store_read(s, verify_read, &c, &err)) {
		fprintf(stderr, "renda verify: cannot read the data: %s\n", err.message);
		goto out;
	}
	if (c.rep.broken_at) {
		printf("audit chain BROKEN at entry %lld: %s\n", (long long)c.rep.broken_at,
		       c.rep.reason);
		goto out;
	}
	printf("audit chain intact: %lld entries, head %s\n", (long long)c.rep.entries,
	       c.rep.entries ? c.rep.head : "-");
	printf("announced rounds: %lld checked, %lld failed\n", (long long)c.rounds,
	       (long long)c.bad);
	rc = c.bad ? 1 : 0;
out:
	store_free(s);
	return rc;
}
