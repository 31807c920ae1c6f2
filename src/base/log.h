/*
 * log.h — the one logging entry point.
 *
 * Lines go to standard error as "TIME LEVEL [request-id] message". The
 * request id is per thread, set by the HTTP layer for the request it serves.
 * Never log a password, a token, or anything that links a voter to the
 * content of a secret ballot (DESIGN.md invariant 3).
 */
#ifndef RD_BASE_LOG_H
#define RD_BASE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
/* Parses "debug"/"info"/"warn"/"error"; returns -1 if unknown. */
int log_level_parse(const char *s);
/* Sets this thread's request id (copied; "" or NULL clears it). */
void log_set_request_id(const char *id);
const char *log_request_id(void);

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
