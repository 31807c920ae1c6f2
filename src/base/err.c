/* err.c — see err.h. */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/banned.h"

static const char *const err_names[RD_ERR_COUNT] = {
	[RD_OK] = "ok",
	[RD_EINVAL] = "invalid",
	[RD_ENOTFOUND] = "not_found",
	[RD_ECONFLICT] = "conflict",
	[RD_EUNAUTH] = "unauthenticated",
	[RD_EFORBIDDEN] = "forbidden",
	[RD_ETOOBIG] = "too_large",
	[RD_ERATE] = "rate_limited",
	[RD_ENOMEM] = "out_of_memory",
	[RD_ESTORE] = "store_error",
	[RD_EIO] = "io_error",
	[RD_EUNAVAIL] = "unavailable",
	[RD_EINTERNAL] = "internal",
};

enum rd_err rd_fail(struct rd_error *e, enum rd_err code, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	e->code = code;
	snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	return code;
}

void rd_error_clear(struct rd_error *e)
{
	if (!e)
		return;
	e->code = RD_OK;
	e->field[0] = '\0';
	e->message[0] = '\0';
}

const char *rd_err_name(enum rd_err code)
{
	if ((int)code < 0 || code >= RD_ERR_COUNT)
		return "internal";
	return err_names[code];
}
