/* log.c — see log.h. One fprintf per line so lines from threads do not mix. */
#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/str.h"
#include "base/banned.h"

static enum log_level log_min = LOG_INFO;
static _Thread_local char log_reqid[40];

static const char *const level_names[] = {"DEBUG", "INFO", "WARN", "ERROR"};

void log_set_level(enum log_level level)
{
	log_min = level;
}

int log_level_parse(const char *s)
{
	static const char *const names[] = {"debug", "info", "warn", "error"};

	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

void log_set_request_id(const char *id)
{
	str_copy(log_reqid, sizeof(log_reqid), id ? id : "");
}

const char *log_request_id(void)
{
	return log_reqid;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char ts[32], msg[1024];
	va_list ap;

	if (level < log_min)
		return;
	clock_iso8601(clock_now_ms(), ts, sizeof(ts));
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (log_reqid[0])
		fprintf(stderr, "%s %s [%s] %s\n", ts, level_names[level], log_reqid, msg);
	else
		fprintf(stderr, "%s %s %s\n", ts, level_names[level], msg);
}
