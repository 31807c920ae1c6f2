/*
 * opinions_public.c — the citizens' side of the public channel (社情民意,
 * RULES §10), without an account: submit an issue (with photos), follow it
 * by its tracking code, and the dashboard of all issues.
 *
 * Abuse: each address and each device (the X-Device-Id the page keeps, or
 * the address and browser when it sends none) may submit a few issues an
 * hour; the same text twice within a day is refused; a text must say
 * something (a few distinct words or characters) and carry at most two
 * links. Lookups of codes that do not exist are limited per address, so
 * codes cannot be guessed. No third-party captcha.
 *
 * Privacy: the citizen's name and phone go to opinion_contacts and are read
 * only by opinions.c for staff and the handling delegate. Nothing here
 * reads them; the audit entry of a submission holds the code and category.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/opinions.h"
#include "base/clock.h"
#include "base/str.h"
#include "base/zhtext.h"
#include "rules/dates.h"
#include "rules/opinion.h"
#include "store/opinions.h"
#include "store/suggestions.h"
#include "base/banned.h"

#define HOUR_MS	   (3600LL * 1000)
#define DAY_MS	   (24 * HOUR_MS)
#define PHOTO_MAX  (2u << 20) /* bytes */
#define PHOTOS_MAX 3

void op_date_today(char out[16])
{
	dates_format(dates_of_instant(clock_now_ms()), out);
}

/* ---- submit ------------------------------------------------------------- */

struct submit_ctx {
	struct request *req;
	struct opinion o;
	const char *contact_name, *contact_phone;
	int64_t station_id;
	char delegate_name[FLOOR_NAME];
};

/* Something to read: at least three distinct units, at most two links. */
static enum rd_err check_text(struct request *req, const char *field, const char *s, bool one_line)
{
	struct zh_unit u;
	char seen[3][ZH_WORD_MAX + 1] = {{0}};
	size_t pos = 0, n = strlen(s), distinct = 0, links = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && (one_line || (*p != '\n' && *p != '\t' && *p != '\r'))) ||
		    *p == 0x7F)
			return req_fail(req, RD_EINVAL, field, "%s holds a control character",
					field);
	while (distinct < 3 && zhtext_next(s, n, &pos, &u)) {
		bool known = false;

		for (size_t i = 0; i < distinct; i++)
			known = known || strcmp(seen[i], u.text) == 0;
		if (!known)
			memcpy(seen[distinct++], u.text, u.len + 1);
	}
	if (distinct < 3)
		return req_fail(req, RD_EINVAL, field, "%s says too little", field);
	for (const char *p = s; (p = strstr(p, "://")) != NULL; p += 3)
		links++;
	if (links > 2)
		return req_fail(req, RD_EINVAL, field, "%s holds more than two links", field);
	return RD_OK;
}

static bool phone_ok(const char *s)
{
	size_t digits = 0;

	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p != ' ' && *p != '-' && *p != '+' && *p != '(' && *p != ')')
			return false;
	}
	return digits >= 5 && digits <= 20;
}

static enum rd_err submit_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct submit_ctx *c = arg;
	struct delegate d;
	struct station st;
	bool seen;
	char subject[48], note[FLOOR_TITLE + 32];
	json_t *detail;
	enum rd_err rc;

	if (c->o.addressed_to) {
		rc = delegate_get(tx, c->o.addressed_to, &d);
		if (rc == RD_ENOTFOUND || (!rc && strcmp(d.status, "sitting") != 0))
			return rd_fail(err, RD_EINVAL, "delegate_id", "no such delegate");
		if (rc)
			return rc;
		/* Through a delegate's code: with that delegate at once. */
		c->o.delegate_id = d.id;
		str_copy(c->o.state, sizeof(c->o.state), "routed");
		str_copy(c->delegate_name, sizeof(c->delegate_name), d.name);
	}
	if (c->station_id) {
		rc = station_get(tx, c->station_id, &st);
		if (rc == RD_ENOTFOUND)
			return rd_fail(err, RD_EINVAL, "station_id", "no such liaison station");
		if (rc)
			return rc;
		c->o.station_id = st.id;
		if (!c->o.addressed_to) {
			str_copy(c->o.state, sizeof(c->o.state), "routed");
			str_copy(c->delegate_name, sizeof(c->delegate_name), st.name);
		}
	}
	rc = opinion_seen(tx, c->o.title, c->o.content, c->o.submitted_at - DAY_MS, &seen);
	if (rc)
		return rc;
	if (seen)
		return rd_fail(err, RD_ECONFLICT, "content",
			       "this issue was submitted already; follow it by its code");
	/* A code is 60 random bits: a clash is all but impossible; try again
	 * once with new bits if it happens. */
	for (int tries = 0;; tries++) {
		unsigned long long bits = ((unsigned long long)secret_uniform(1u << 30) << 30) |
					  secret_uniform(1u << 30);

		op_code_make(bits, c->o.code);
		rc = opinion_create(tx, &c->o, c->contact_name, c->contact_phone);
		if (rc != RD_ECONFLICT || tries == 2)
			break;
	}
	if (!rc)
		rc = opinion_event(tx, c->o.id, c->o.submitted_at, "-", "submit", "", true);
	if (!rc && strcmp(c->o.state, "routed") == 0) {
		snprintf(note, sizeof(note), "%s", c->delegate_name);
		rc = opinion_event(tx, c->o.id, c->o.submitted_at, "-", "route", note, true);
	}
	if (rc)
		return rc;
	snprintf(subject, sizeof(subject), "opinion:%lld", (long long)c->o.id);
	detail = json_pack("{s:s, s:s}", "code", c->o.code, "category", c->o.category);
	rc = api_audit(tx, c->req, "opinion.submit", subject, detail);
	json_decref(detail);
	return rc;
}

/* The device a submission comes from, as a rate-limit key. */
static void device_key(struct request *req, char *out, size_t outsz)
{
	const char *dev = req_header(req, "X-Device-Id");
	const char *ua = req_header(req, "User-Agent");

	if (dev && *dev)
		snprintf(out, outsz, "d:%s", dev);
	else
		snprintf(out, outsz, "a:%s|%.200s", req->ip, ua ? ua : "");
}

static bool device_id_ok(const char *s)
{
	size_t n = 0;

	for (const char *p = s; *p; p++, n++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return n >= 8 && n <= 64;
}

enum rd_err api_public_opinions_create(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct submit_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	const char *dev = req_header(req, "X-Device-Id");
	const char *category = req_body_str(req, "category");
	char key[320];
	int64_t now = clock_now_ms();
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	if (dev && !device_id_ok(dev))
		return req_fail(req, RD_EINVAL, "X-Device-Id",
				"X-Device-Id must be 8 to 64 letters, digits, - or _");
	if (!op_category_ok(category))
		return req_fail(req, RD_EINVAL, "category", "category is not one of the list");
	c->contact_name = req_body_str(req, "contact_name");
	c->contact_phone = req_body_str(req, "contact_phone");
	if (c->contact_phone && *c->contact_phone && !phone_ok(c->contact_phone))
		return req_fail(req, RD_EINVAL, "contact_phone",
				"contact_phone must be a phone number (5 to 20 digits)");
	if (c->contact_name && !op_one_line(c->contact_name))
		return req_fail(req, RD_EINVAL, "contact_name", "contact_name must be one line");
	if ((rc = check_text(req, "title", req_body_str(req, "title"), true)) ||
	    (rc = check_text(req, "content", req_body_str(req, "content"), false)))
		return rc;
	if (!op_one_line(req_body_str(req, "place")))
		return req_fail(req, RD_EINVAL, "place", "place must be one line");
	/* Limits last: a refused form does not use up the citizen's tries. */
	if (!ratelimit_hit(app->opinion_by_ip, req->ip, now))
		return req_fail(req, RD_ERATE, "address",
				"too many submissions from this address; try again later");
	device_key(req, key, sizeof(key));
	if (!ratelimit_hit(app->opinion_by_device, key, now))
		return req_fail(req, RD_ERATE, "X-Device-Id",
				"too many submissions from this device; try again later");
	str_copy(c->o.title, sizeof(c->o.title), req_body_str(req, "title"));
	str_copy(c->o.content, sizeof(c->o.content), req_body_str(req, "content"));
	str_copy(c->o.place, sizeof(c->o.place), req_body_str(req, "place"));
	str_copy(c->o.category, sizeof(c->o.category), category);
	str_copy(c->o.state, sizeof(c->o.state), "submitted");
	c->o.addressed_to = req_body_i64(req, "delegate_id", 0);
	c->station_id = req_body_i64(req, "station_id", 0);
	c->o.submitted_at = now;
	op_date_today(c->o.submitted_on);
	rc = store_write(app->store, submit_write, c, &req->err);
	if (rc)
		return rc;
	op_stats_changed(app->opinion_stats);
	api_publish(app, "opinion.changed",
		    json_pack("{s:I, s:s}", "id", (json_int_t)c->o.id, "state", c->o.state));
	return res_json(res, 201,
			json_pack("{s:{s:s, s:s, s:I}}", "opinion", "code", c->o.code, "state",
				  c->o.state, "submitted_at", (json_int_t)c->o.submitted_at));
}

/* ---- photos ------------------------------------------------------------- */

struct photo_ctx {
	struct request *req;
	char code[OP_CODE_LEN + 1];
	int64_t n, nth;
	char *bytes;
	size_t nbytes;
	char type[32];
};

static bool image_ok(const char *type, const unsigned char *p, size_t n)
{
	if (strcmp(type, "image/jpeg") == 0)
		return n > 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF;
	if (strcmp(type, "image/png") == 0)
		return n > 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0;
	if (strcmp(type, "image/webp") == 0)
		return n > 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0;
	return false;
}

static enum rd_err lookup(struct store_tx *tx, const char *code, struct opinion *o,
			  struct rd_error *err)
{
	enum rd_err rc = opinion_by_code(tx, code, o);

	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "code", "no issue has this code");
	return rc;
}

static enum rd_err photo_write(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct photo_ctx *c = arg;
	struct opinion *o = arena_alloc(&c->req->arena, sizeof(*o));
	enum rd_err rc;

	if (!o)
		return RD_ENOMEM;
	if ((rc = lookup(tx, c->code, o, err)))
		return rc;
	if (clock_now_ms() - o->submitted_at > HOUR_MS)
		return rd_fail(err, RD_ECONFLICT, "code",
			       "photos are added within an hour of submitting");
	if ((rc = opinion_photo_count(tx, o->id, &c->n)))
		return rc;
	if (c->n >= PHOTOS_MAX)
		return rd_fail(err, RD_ECONFLICT, "body", "an issue has at most %d photos",
			       PHOTOS_MAX);
	rc = opinion_photo_add(tx, o->id, c->type, c->req->raw, c->req->raw_len);
	c->n++;
	return rc;
}

/* The code in the path, in its canonical form; false (and req->err) if it
 * cannot be one. */
static bool path_code(struct request *req, char out[OP_CODE_LEN + 1])
{
	char s[64];

	if (route_capture_str(&req->match, "code", s, sizeof(s)) || !op_code_normalize(s, out)) {
		req_fail(req, RD_ENOTFOUND, "code", "no issue has this code");
		return false;
	}
	return true;
}

/* Counts a lookup that found nothing; false once the address has had too
 * many (then req->err says so). */
static bool miss_allowed(struct request *req, bool hit_now)
{
	struct app *app = req->app;

	if (hit_now)
		return ratelimit_hit(app->opinion_misses, req->ip, clock_now_ms());
	return !ratelimit_blocked(app->opinion_misses, req->ip, clock_now_ms());
}

enum rd_err api_public_opinions_photo_add(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct photo_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	if (!miss_allowed(req, false))
		return req_fail(req, RD_ERATE, "code", "too many unknown codes; try later");
	if (!path_code(req, c->code))
		return RD_ENOTFOUND;
	str_copy(c->type, sizeof(c->type), req->raw_type ? req->raw_type : "");
	if (strchr(c->type, ';'))
		*strchr(c->type, ';') = '\0';
	if (!image_ok(c->type, (const unsigned char *)req->raw, req->raw_len))
		return req_fail(req, RD_EINVAL, "body",
				"the upload is not a JPEG, PNG or WebP image");
	if (req->raw_len > PHOTO_MAX)
		return req_fail(req, RD_ETOOBIG, "body", "a photo is at most 2 MiB");
	rc = store_write(app->store, photo_write, c, &req->err);
	if (rc == RD_ENOTFOUND)
		miss_allowed(req, true);
	if (rc)
		return rc;
	return res_json(res, 201,
			json_pack("{s:{s:I, s:I}}", "photo", "n", (json_int_t)c->n, "size",
				  (json_int_t)req->raw_len));
}

static enum rd_err copy_photo(const char *type, const void *data, size_t n, void *arg)
{
	struct photo_ctx *c = arg;

	c->bytes = malloc(n ? n : 1);
	if (!c->bytes)
		return RD_ENOMEM;
	memcpy(c->bytes, data, n);
	c->nbytes = n;
	str_copy(c->type, sizeof(c->type), type);
	return RD_OK;
}

static enum rd_err photo_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct photo_ctx *c = arg;
	struct opinion *o = arena_alloc(&c->req->arena, sizeof(*o));
	enum rd_err rc;

	if (!o)
		return RD_ENOMEM;
	if ((rc = lookup(tx, c->code, o, err)))
		return rc;
	rc = opinion_photo_get(tx, o->id, c->nth, copy_photo, c);
	if (rc == RD_ENOTFOUND)
		return rd_fail(err, rc, "n", "no such photo");
	return rc;
}

enum rd_err api_public_opinions_photo_get(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct photo_ctx *c = arena_alloc(&req->arena, sizeof(*c));
	enum rd_err rc;

	if (!c)
		return RD_ENOMEM;
	memset(c, 0, sizeof(*c));
	c->req = req;
	c->nth = req_id(req, "n");
	if (!miss_allowed(req, false))
		return req_fail(req, RD_ERATE, "code", "too many unknown codes; try later");
	if (!path_code(req, c->code))
		return RD_ENOTFOUND;
	rc = store_read(app->store, photo_read, c, &req->err);
	if (rc == RD_ENOTFOUND && strcmp(req->err.field, "code") == 0)
		miss_allowed(req, true);
	if (rc)
		return rc;
	/* Only the types image_ok() let in are stored. */
	return res_bytes(res, c->bytes, c->nbytes,
			 strcmp(c->type, "image/png") == 0    ? "image/png"
			 : strcmp(c->type, "image/webp") == 0 ? "image/webp"
							      : "image/jpeg",
			 "");
}

/* ---- follow by code ----------------------------------------------------- */

struct view_ctx {
	struct request *req;
	char code[OP_CODE_LEN + 1];
	json_t *out;
};

static enum rd_err view_read(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct view_ctx *c = arg;
	struct opinion *o = arena_alloc(&c->req->arena, sizeof(*o));
	enum rd_err rc;

	if (!o)
		return RD_ENOMEM;
	if ((rc = lookup(tx, c->code, o, err)))
		return rc;
	return op_public_json(tx, o, &c->out);
}

enum rd_err api_public_opinions_get(struct request *req, struct response *res)
{
	struct app *app = req->app;
	struct view_ctx c = {.req = req};
	enum rd_err rc;

	if (!miss_allowed(req, false))
		return req_fail(req, RD_ERATE, "code", "too many unknown codes; try later");
	if (!path_code(req, c.code)) {
		miss_allowed(req, true);
		return RD_ENOTFOUND;
	}
	rc = store_read(app->store, view_read, &c, &req->err);
	if (rc == RD_ENOTFOUND)
		miss_allowed(req, true);
	if (rc)
		return rc;
	return res_json(res, 200, json_pack("{s:o}", "opinion", c.out));
}

/* The list of categories, for the forms. */
enum rd_err api_public_opinions_categories(struct request *req, struct response *res)
{
	json_t *a = json_array();

	(void)req;
	for (size_t i = 0; a && i < op_ncategories; i++)
		json_array_append_new(a, json_string(op_categories[i]));
	return res_json(res, 200, json_pack("{s:o}", "categories", a));
}
