/* mail.c — see mail.h. */
#include "api/mail.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "rules/dates.h"
#include "base/banned.h"

#define MAIL_MAX (1u << 20) /* bytes of one message */

enum rd_err mail_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? RD_OK : RD_EINTERNAL;
}

void mail_global_cleanup(void)
{
	curl_global_cleanup();
}

/* Appends n bytes of p in base64 (the original alphabet), in lines of at
 * most 76 characters when wrap is set. */
static void put_base64(struct buf *out, const unsigned char *p, size_t n, bool wrap)
{
	char line[80];

	/* 57 input bytes make one 76-character line. */
	for (size_t i = 0; i < n; i += 57) {
		size_t k = n - i < 57 ? n - i : 57;

		sodium_bin2base64(line, sizeof(line), p + i, k, sodium_base64_VARIANT_ORIGINAL);
		buf_puts(out, line);
		if (wrap)
			buf_puts(out, "\r\n");
	}
}

/* The subject as RFC 2047 encoded words of at most 45 bytes of UTF-8 each
 * (60 base64 characters, words under 75), cut between characters, folded. */
static void put_subject(struct buf *out, const char *s)
{
	size_t n = strlen(s), i = 0;

	buf_puts(out, "Subject:");
	if (n == 0)
		buf_puts(out, " ");
	while (i < n) {
		size_t k = n - i < 45 ? n - i : 45;

		while (k > 0 && i + k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80)
			k--;
		buf_puts(out, i ? "\r\n =?UTF-8?B?" : " =?UTF-8?B?");
		put_base64(out, (const unsigned char *)s + i, k, false);
		buf_puts(out, "?=");
		i += k;
	}
	buf_puts(out, "\r\n");
}

/* RFC 5322 date in UTC+8: "Fri, 01 May 2026 09:00:00 +0800". */
static void put_date(struct buf *out, int64_t at_ms)
{
	static const char *const wd[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	static const char *const mo[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	int64_t s = (at_ms + DATES_ZONE_OFFSET_MS) / 1000, days = s / 86400, sec = s % 86400;
	struct civil_date d = dates_from_days(days);

	buf_printf(out, "Date: %s, %02d %s %04d %02lld:%02lld:%02lld +0800\r\n",
		   wd[dates_weekday(d) - 1], d.d, mo[d.m - 1], d.y, (long long)(sec / 3600),
		   (long long)(sec / 60 % 60), (long long)(sec % 60));
}

enum rd_err mail_format(const struct mail_server *srv, const char *to, const char *subject,
			const char *body, int64_t at_ms, struct buf *out)
{
	unsigned char id[12];
	char hex[32];
	const char *domain = strchr(srv->from, '@');

	randombytes_buf(id, sizeof(id));
	sodium_bin2hex(hex, sizeof(hex), id, sizeof(id));
	put_date(out, at_ms);
	buf_printf(out, "From: <%s>\r\nTo: <%s>\r\n", srv->from, to);
	buf_printf(out, "Message-ID: <%s@%s>\r\n", hex, domain ? domain + 1 : "renda.invalid");
	put_subject(out, subject);
	buf_puts(out, "MIME-Version: 1.0\r\n"
		      "Content-Type: text/plain; charset=UTF-8\r\n"
		      "Content-Transfer-Encoding: base64\r\n"
		      "Auto-Submitted: auto-generated\r\n\r\n");
	put_base64(out, (const unsigned char *)body, strlen(body), true);
	return buf_error(out);
}

struct upload {
	const char *p;
	size_t left;
};

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb < u->left ? size * nmemb : u->left;

	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

enum rd_err mail_send(const struct mail_server *srv, const char *to, const char *subject,
		      const char *body, struct rd_error *err)
{
	char errbuf[CURL_ERROR_SIZE] = "", from[300], rcpt[300];
	struct curl_slist *rcpts = NULL;
	struct upload up;
	struct buf msg;
	CURLcode cc;
	CURL *curl = NULL;
	enum rd_err rc;

	buf_init(&msg, MAIL_MAX);
	rc = mail_format(srv, to, subject, body, clock_now_ms(), &msg);
	if (rc)
		goto out;
	snprintf(from, sizeof(from), "<%s>", srv->from);
	snprintf(rcpt, sizeof(rcpt), "<%s>", to);
	rcpts = curl_slist_append(NULL, rcpt);
	curl = curl_easy_init();
	if (!rcpts || !curl) {
		rc = RD_ENOMEM;
		goto out;
	}
	up.p = buf_str(&msg);
	up.left = msg.len;
	curl_easy_setopt(curl, CURLOPT_URL, srv->url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(curl, CURLOPT_READDATA, &up);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, srv->timeout_s > 0 ? srv->timeout_s : 30L);
	/* STARTTLS when the server offers it; smtps:// is TLS from the start. */
	curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	cc = curl_easy_perform(curl);
	if (cc != CURLE_OK)
		rc = rd_fail(err, RD_EIO, "smtp", "%s: %s", curl_easy_strerror(cc),
			     errbuf[0] ? errbuf : "no detail");
out:
	curl_easy_cleanup(curl);
	curl_slist_free_all(rcpts);
	buf_release(&msg);
	return rc;
}
