/*
 * mail.h — sending one plain-text e-mail over SMTP with libcurl (DESIGN.md:
 * libcurl for mail). Used by the reminder sweep (reminders.c).
 *
 * The message is UTF-8: the subject as RFC 2047 encoded words (base64), the
 * body as text/plain; charset=UTF-8 in base64 with 76-character lines, so
 * Chinese text arrives intact through any relay. Addresses are checked by
 * the caller (they must not hold CR, LF, '<', '>' or ',').
 */
#ifndef RD_API_MAIL_H
#define RD_API_MAIL_H

#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

struct mail_server {
	const char *url;  /* smtp://host[:port] or smtps://…; user:password@ in it if needed */
	const char *from; /* the envelope and From: address */
	long timeout_s;	  /* the whole exchange; 0: 30 s */
};

/* Once per process before mail_send, and at the end (libcurl's global state). */
enum rd_err mail_global_init(void);
void mail_global_cleanup(void);

/*
 * Builds the message (headers and body) into out, dated at_ms (shown in
 * UTC+8, the deployment's zone). RD_ETOOBIG / RD_ENOMEM from out.
 */
enum rd_err mail_format(const struct mail_server *srv, const char *to, const char *subject,
			const char *body, int64_t at_ms, struct buf *out);

/*
 * Sends subject and body to one address. On failure RD_EIO with err's
 * message saying what the SMTP server or the network said (field "smtp");
 * nothing is known to be delivered then.
 */
enum rd_err mail_send(const struct mail_server *srv, const char *to, const char *subject,
		      const char *body, struct rd_error *err);

#endif
