/* request.c — handler-side helpers of request.h, and the error mapping. */
#include "http/request.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

const char *req_header(struct request *req, const char *name)
{
	if (!req->conn)
		return NULL;
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *req_query(const struct request *req, const char *name)
{
	for (int i = 0; i < req->nquery; i++)
		if (strcmp(req->query[i].name, name) == 0)
			return req->query[i].value;
	return NULL;
}

int64_t req_query_i64(const struct request *req, const char *name, int64_t def)
{
	const char *v = req_query(req, name);
	int64_t out;

	if (!v || str_to_i64(v, strlen(v), INT64_MIN, INT64_MAX, &out))
		return def;
	return out;
}

int64_t req_id(const struct request *req, const char *name)
{
	int64_t v = 0;

	route_capture_id(&req->match, name, &v);
	return v;
}

const char *req_body_str(const struct request *req, const char *name)
{
	json_t *v = req->body ? json_object_get(req->body, name) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

int64_t req_body_i64(const struct request *req, const char *name, int64_t def)
{
	json_t *v = req->body ? json_object_get(req->body, name) : NULL;

	return json_is_integer(v) ? json_integer_value(v) : def;
}

bool req_body_bool(const struct request *req, const char *name, bool def)
{
	json_t *v = req->body ? json_object_get(req->body, name) : NULL;

	return json_is_boolean(v) ? json_is_true(v) : def;
}

enum rd_err res_bytes(struct response *res, char *bytes, size_t n, const char *content_type,
		      const char *filename)
{
	free(res->bytes);
	res->bytes = bytes;
	res->nbytes = n;
	res->content_type = content_type;
	str_copy(res->filename, sizeof(res->filename), filename ? filename : "");
	res->status = 200;
	return RD_OK;
}

enum rd_err res_json(struct response *res, int status, json_t *json)
{
	if (!json)
		return RD_ENOMEM;
	json_decref(res->json);
	res->json = json;
	res->status = status;
	return RD_OK;
}

enum rd_err req_fail(struct request *req, enum rd_err code, const char *field, const char *fmt, ...)
{
	va_list ap;

	req->err.code = code;
	snprintf(req->err.field, sizeof(req->err.field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(req->err.message, sizeof(req->err.message), fmt, ap);
	va_end(ap);
	return code;
}

int http_status_of(enum rd_err code)
{
	switch (code) {
	case RD_OK:
		return 200;
	case RD_EINVAL:
		return 400;
	case RD_EUNAUTH:
		return 401;
	case RD_EFORBIDDEN:
		return 403;
	case RD_ENOTFOUND:
		return 404;
	case RD_ECONFLICT:
		return 409;
	case RD_ETOOBIG:
		return 413;
	case RD_ERATE:
		return 429;
	case RD_EUNAVAIL:
		return 503;
	case RD_ENOMEM:
	case RD_ESTORE:
	case RD_EIO:
	case RD_EINTERNAL:
	case RD_ERR_COUNT:
		break;
	}
	return 500;
}

json_t *http_error_json(const struct rd_error *err)
{
	const char *msg = err->message[0] ? err->message : rd_err_name(err->code);
	char field[sizeof(err->field)], message[sizeof(err->message)];

	/* Error text may echo client input: never let bad UTF-8 turn a 400
	 * into a 500 because the error itself cannot be encoded. */
	str_copy_utf8(field, sizeof(field), err->field, strlen(err->field));
	str_copy_utf8(message, sizeof(message), msg, strlen(msg));
	return json_pack("{s:{s:s, s:s, s:s?}}", "error", "code", rd_err_name(err->code), "message",
			 message, "field", field[0] ? field : NULL);
}
