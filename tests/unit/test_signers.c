/* test_signers.c — the signers of motions, interpellations and suggestions
 * (store/signers.h) in a real SQLite store: adding (a second time changes
 * nothing), the order of the list (the proposer first, then by time, then
 * by delegate), the counts (all, sitting), a delegate's role, and that the
 * three kinds keep their signers apart. Every test runs for each kind, in a
 * fresh temporary directory removed at the end. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/floor.h"
#include "store/interpellations.h"
#include "store/motions.h"
#include "store/signers.h"
#include "store/suggestions.h"
#include "base/banned.h"

static const enum signers_of every_kind[] = {SIGNERS_MOTION, SIGNERS_INTERPELLATION,
					     SIGNERS_SUGGESTION};
#define N_KINDS (sizeof(every_kind) / sizeof(every_kind[0]))

/* The delegates of the term: 0 the proposer, 1 and 2 sitting, 3 suspended. */
#define N_DELEGATES 4
static const char *const names[N_DELEGATES] = {"王一", "李二", "张三", "赵四"};

struct fixture {
	char dir[64];
	char path[128];
	struct store *s;
	int64_t delegate[N_DELEGATES];
	int64_t item[N_KINDS]; /* one item of each kind, by every_kind */
};

static enum rd_err seed_fn(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	struct fixture *f = ctx;
	struct delegate d = {0};
	struct motion *m = calloc(1, sizeof(*m));
	struct interpellation *i = calloc(1, sizeof(*i));
	struct suggestion *s = calloc(1, sizeof(*s));
	int64_t term = 0, session = 0;
	enum rd_err rc = RD_ENOMEM;

	(void)err;
	if (!m || !i || !s)
		goto out;
	rc = term_create(tx, 18, "第十八届", &term);
	if (!rc)
		rc = session_create(tx, term, 1, "第一次会议", &session);
	for (int k = 0; !rc && k < N_DELEGATES; k++) {
		d.term_id = term;
		snprintf(d.name, sizeof(d.name), "%s", names[k]);
		snprintf(d.gender, sizeof(d.gender), "%s", k % 2 ? "female" : "male");
		snprintf(d.card_code, sizeof(d.card_code), "C%d", k);
		rc = delegate_create(tx, &d);
		f->delegate[k] = d.id;
	}
	if (!rc)
		rc = delegate_set_status(tx, f->delegate[3], "suspended", "2025-03-01", "停止执行");
	m->session_id = i->session_id = session;
	m->term_id = i->term_id = s->term_id = term;
	m->delegate_id = i->delegate_id = s->delegate_id = f->delegate[0];
	snprintf(m->subject, sizeof(m->subject), "关于修建城东道路的议案");
	snprintf(i->organ_kind, sizeof(i->organ_kind), "department");
	snprintf(i->question, sizeof(i->question), "道路为何迟迟未修");
	snprintf(s->title, sizeof(s->title), "关于城东道路的建议");
	if (!rc)
		rc = motion_create(tx, m);
	if (!rc)
		rc = interpellation_create(tx, i);
	if (!rc)
		rc = suggestion_create(tx, s);
	f->item[0] = m->id;
	f->item[1] = i->id;
	f->item[2] = s->id;
out:
	free(m);
	free(i);
	free(s);
	return rc;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct store_options opt = {0};
	struct rd_error err = {0};

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/renda-test-signers-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/renda.db", f->dir);
	opt.path = f->path;
	if (store_open(&opt, &f->s, &err) || store_write(f->s, seed_fn, f, &err))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	struct dirent *e;
	char p[400];
	DIR *d;

	store_free(f->s);
	d = opendir(f->dir);
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", f->dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* One call into the signers module, run in a store transaction. */
struct op {
	enum { OP_ADD, OP_COUNT, OP_ROLE, OP_EACH } kind;
	enum signers_of of;
	int64_t item, delegate_id, at;
	const char *role;
	int64_t all, sitting;
	char got_role[16];
	/* OP_EACH: what each saw, and after how many rows it stops (0: never) */
	struct {
		int64_t delegate_id, at;
		char name[32], role[16], status[16];
	} rows[8];
	int n, stop_after;
};

static int each_row(int64_t delegate_id, const char *name, const char *role, const char *status,
		    int64_t at, void *ctx)
{
	struct op *o = ctx;

	assert_true(o->n < 8);
	o->rows[o->n].delegate_id = delegate_id;
	o->rows[o->n].at = at;
	snprintf(o->rows[o->n].name, sizeof(o->rows[o->n].name), "%s", name);
	snprintf(o->rows[o->n].role, sizeof(o->rows[o->n].role), "%s", role);
	snprintf(o->rows[o->n].status, sizeof(o->rows[o->n].status), "%s", status);
	o->n++;
	return o->stop_after && o->n >= o->stop_after;
}

static enum rd_err op_fn(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	struct op *o = ctx;

	(void)err;
	switch (o->kind) {
	case OP_ADD:
		return signers_add(tx, o->of, o->item, o->delegate_id, o->role, o->at);
	case OP_COUNT:
		return signers_count(tx, o->of, o->item, &o->all, &o->sitting);
	case OP_ROLE:
		return signers_role(tx, o->of, o->item, o->delegate_id, o->got_role,
				    sizeof(o->got_role));
	case OP_EACH:
		o->n = 0;
		return signers_each(tx, o->of, o->item, each_row, o);
	}
	return RD_EINTERNAL;
}

static enum rd_err add(struct fixture *f, size_t k, int who, const char *role, int64_t at)
{
	struct op o = {.kind = OP_ADD,
		       .of = every_kind[k],
		       .item = f->item[k],
		       .delegate_id = f->delegate[who],
		       .role = role,
		       .at = at};
	struct rd_error err = {0};

	return store_write(f->s, op_fn, &o, &err);
}

static void count(struct fixture *f, size_t k, int64_t item, int64_t *all, int64_t *sitting)
{
	struct op o = {.kind = OP_COUNT, .of = every_kind[k], .item = item};
	struct rd_error err = {0};

	assert_int_equal(store_read(f->s, op_fn, &o, &err), RD_OK);
	*all = o.all;
	*sitting = o.sitting;
}

/* The proposer and two co-signers; the suspended delegate signs too. */
static void sign_all(struct fixture *f, size_t k)
{
	/* Times out of the order of insertion: the list is sorted, not kept. */
	assert_int_equal(add(f, k, 2, "co_signer", 3000), RD_OK);
	assert_int_equal(add(f, k, 0, "proposer", 5000), RD_OK);
	assert_int_equal(add(f, k, 3, "co_signer", 2000), RD_OK);
	assert_int_equal(add(f, k, 1, "co_signer", 2000), RD_OK);
}

static void test_add_twice_is_once(void **state)
{
	struct fixture *f = *state;
	int64_t all, sitting;

	for (size_t k = 0; k < N_KINDS; k++) {
		assert_int_equal(add(f, k, 0, "proposer", 1000), RD_OK);
		assert_int_equal(add(f, k, 1, "co_signer", 2000), RD_OK);
		/* Again, from another device or a retry, or in another role. */
		assert_int_equal(add(f, k, 1, "co_signer", 2500), RD_ECONFLICT);
		assert_int_equal(add(f, k, 0, "co_signer", 2600), RD_ECONFLICT);
		count(f, k, f->item[k], &all, &sitting);
		assert_int_equal(all, 2);
		assert_int_equal(sitting, 2);
	}
}

static void test_add_unknown_delegate_fails(void **state)
{
	struct fixture *f = *state;
	struct op o = {.kind = OP_ADD, .delegate_id = 999, .role = "co_signer", .at = 1};
	struct rd_error err = {0};
	int64_t all, sitting;

	for (size_t k = 0; k < N_KINDS; k++) {
		o.of = every_kind[k];
		o.item = f->item[k];
		assert_int_not_equal(store_write(f->s, op_fn, &o, &err), RD_OK);
		count(f, k, f->item[k], &all, &sitting);
		assert_int_equal(all, 0);
	}
}

static void test_each_proposer_first_then_by_time(void **state)
{
	struct fixture *f = *state;
	struct rd_error err = {0};
	/* 李二 and 赵四 signed at the same moment: by delegate id. */
	static const int order[] = {0, 1, 3, 2};
	static const int64_t at[] = {5000, 2000, 2000, 3000};
	static const char *const status[] = {"sitting", "sitting", "suspended", "sitting"};

	for (size_t k = 0; k < N_KINDS; k++) {
		struct op o = {.kind = OP_EACH, .of = every_kind[k], .item = f->item[k]};

		sign_all(f, k);
		assert_int_equal(store_read(f->s, op_fn, &o, &err), RD_OK);
		assert_int_equal(o.n, 4);
		for (int r = 0; r < 4; r++) {
			assert_int_equal(o.rows[r].delegate_id, f->delegate[order[r]]);
			assert_string_equal(o.rows[r].name, names[order[r]]);
			assert_string_equal(o.rows[r].role, r == 0 ? "proposer" : "co_signer");
			assert_string_equal(o.rows[r].status, status[r]);
			assert_int_equal(o.rows[r].at, at[r]);
		}
		/* The callback stops the walk. */
		o.stop_after = 2;
		assert_int_equal(store_read(f->s, op_fn, &o, &err), RD_OK);
		assert_int_equal(o.n, 2);
	}
}

static void test_count_all_and_sitting(void **state)
{
	struct fixture *f = *state;
	int64_t all, sitting;

	for (size_t k = 0; k < N_KINDS; k++) {
		count(f, k, f->item[k], &all, &sitting);
		assert_int_equal(all, 0);
		assert_int_equal(sitting, 0);
		sign_all(f, k);
		count(f, k, f->item[k], &all, &sitting);
		assert_int_equal(all, 4);
		assert_int_equal(sitting, 3); /* 赵四 is suspended */
		/* An item nobody signed, or that does not exist. */
		count(f, k, f->item[k] + 1, &all, &sitting);
		assert_int_equal(all, 0);
		assert_int_equal(sitting, 0);
	}
}

static void test_role(void **state)
{
	struct fixture *f = *state;
	struct rd_error err = {0};

	for (size_t k = 0; k < N_KINDS; k++) {
		struct op o = {.kind = OP_ROLE, .of = every_kind[k], .item = f->item[k]};

		assert_int_equal(add(f, k, 0, "proposer", 1000), RD_OK);
		assert_int_equal(add(f, k, 2, "co_signer", 2000), RD_OK);
		o.delegate_id = f->delegate[0];
		assert_int_equal(store_read(f->s, op_fn, &o, &err), RD_OK);
		assert_string_equal(o.got_role, "proposer");
		o.delegate_id = f->delegate[2];
		assert_int_equal(store_read(f->s, op_fn, &o, &err), RD_OK);
		assert_string_equal(o.got_role, "co_signer");
		o.delegate_id = f->delegate[1];
		assert_int_equal(store_read(f->s, op_fn, &o, &err), RD_ENOTFOUND);
		assert_string_equal(o.got_role, "");
	}
}

/* The three items have the same id (1): each kind's signers are its own. */
static void test_kinds_kept_apart(void **state)
{
	struct fixture *f = *state;
	int64_t all, sitting;

	assert_int_equal(f->item[0], f->item[1]);
	assert_int_equal(f->item[1], f->item[2]);
	sign_all(f, 0);
	for (size_t k = 1; k < N_KINDS; k++) {
		count(f, k, f->item[k], &all, &sitting);
		assert_int_equal(all, 0);
		/* Signing the motion did not sign the others. */
		assert_int_equal(add(f, k, 1, "co_signer", 2000), RD_OK);
	}
	count(f, 0, f->item[0], &all, &sitting);
	assert_int_equal(all, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_twice_is_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_unknown_delegate_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_proposer_first_then_by_time, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_count_all_and_sitting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kinds_kept_apart, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
