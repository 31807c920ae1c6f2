/*
 * serve.c — `renda serve`: open the data folder, start the HTTP server,
 * run until SIGINT or SIGTERM, then stop cleanly (SSE streams closed,
 * handlers finished, the writer's queue drained).
 */
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/app.h"
#include "base/log.h"
#include "base/str.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "doc/pdf.h"
#include "events/pg_bridge.h"
#include "http/server.h"
#include "store/users.h"
#include "base/banned.h"

const char cli_serve_help[] =
	"usage: renda serve [--data DIR] [--store URI] [--listen ADDR:PORT] [options]\n"
	"\n"
	"Serves the web interface and the API until stopped (Ctrl-C or SIGTERM).\n"
	"\n"
	"  --data DIR          data folder with renda.db (default ./data)\n"
	"  --store URI         a PostgreSQL database (postgresql://...) instead of\n"
	"                      DIR/renda.db (default: DIR/renda.conf's store, if any)\n"
	"  --listen ADDR:PORT  address to listen on (default 127.0.0.1:8080; port 0 = any)\n"
	"  --threads N         worker threads (default 16)\n"
	"  --static DIR        web UI files (default: web/ next to the renda binary)\n"
	"  --log-level LEVEL   debug, info, warn or error (default info)\n"
	"  --trust-proxy       take the client address and https from X-Forwarded-*\n"
	"                      headers (only behind your own reverse proxy)\n"
	"  --heartbeat-ms N    SSE heartbeat period (default 20000)\n"
	"  --public-rate N     public submissions an hour per address and per device\n"
	"                      (default 20 per address, 5 per device)\n";

static bool parse_listen(const char *s, char *host, size_t hostsz, uint16_t *port)
{
	const char *colon = strrchr(s, ':');
	int64_t p;

	if (!colon || colon == s || (size_t)(colon - s) >= hostsz)
		return false;
	if (str_to_i64(colon + 1, strlen(colon + 1), 0, 65535, &p))
		return false;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	*port = (uint16_t)p;
	return true;
}

/* The web UI ships next to the binary: build/web beside build/renda (or
 * build/asan/renda), or /usr/share/renda/web when installed. */
static void find_static(char *out, size_t outsz)
{
	char exe[PATH_MAX], dir[PATH_MAX + 32];
	static const char *const rel[] = {"/web", "/../web", "/../share/renda/web"};
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	struct stat st;
	char *slash;

	out[0] = '\0';
	if (n <= 0)
		return;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = '\0';
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(dir, sizeof(dir), "%s%s/index.html", exe, rel[i]);
		if (stat(dir, &st) == 0) {
			snprintf(out, outsz, "%s%s", exe, rel[i]);
			return;
		}
	}
}

struct name_ctx {
	char *out;
	size_t outsz;
};

static enum rd_err read_name(struct store_tx *tx, void *arg, struct rd_error *err)
{
	struct name_ctx *c = arg;

	(void)err;
	if (settings_get(tx, "congress_name", c->out, c->outsz) == RD_ENOTFOUND)
		c->out[0] = '\0';
	return RD_OK;
}

int cli_serve(int argc, char **argv)
{
	const char *data = CLI_DEFAULT_DATA, *listen = "127.0.0.1:8080", *threads = NULL;
	const char *static_dir = NULL, *level = NULL, *heartbeat = NULL, *public_rate = NULL;
	const char *store_arg = NULL;
	bool trust_proxy = false;
	const struct cli_opt opts[] = {
		{"--data", true, &data, NULL},
		{"--store", true, &store_arg, NULL},
		{"--listen", true, &listen, NULL},
		{"--threads", true, &threads, NULL},
		{"--static", true, &static_dir, NULL},
		{"--log-level", true, &level, NULL},
		{"--heartbeat-ms", true, &heartbeat, NULL},
		{"--public-rate", true, &public_rate, NULL},
		{"--trust-proxy", false, NULL, &trust_proxy},
		{NULL},
	};
	struct server_options so = {0};
	struct store *store = NULL;
	struct events *events = NULL;
	struct server *srv = NULL;
	struct app app;
	struct rd_error err = {0};
	char host[64], found_static[PATH_MAX + 32], logpath[4200];
	FILE *access = NULL;
	int64_t v;
	sigset_t sigs;
	int sig, rc = 1, app_ok = 0;
	struct name_ctx nc;

	if (!cli_parse("serve", argc, argv, opts, NULL, 0, NULL))
		return 2;
	if (!parse_listen(listen, host, sizeof(host), &so.port)) {
		fprintf(stderr, "renda serve: --listen must be ADDR:PORT, e.g. 127.0.0.1:8080\n");
		return 2;
	}
	so.host = host;
	if (threads) {
		if (str_to_i64(threads, strlen(threads), 1, 1024, &v)) {
			fprintf(stderr, "renda serve: --threads must be a number from 1 to 1024\n");
			return 2;
		}
		so.threads = (unsigned)v;
	}
	if (heartbeat) {
		if (str_to_i64(heartbeat, strlen(heartbeat), 100, 600000, &v)) {
			fprintf(stderr, "renda serve: --heartbeat-ms must be 100 to 600000\n");
			return 2;
		}
		so.heartbeat_ms = (unsigned)v;
	}
	if (level) {
		int l = log_level_parse(level);

		if (l < 0) {
			fprintf(stderr,
				"renda serve: --log-level must be debug, info, warn or error\n");
			return 2;
		}
		log_set_level((enum log_level)l);
	}
	if (public_rate && str_to_i64(public_rate, strlen(public_rate), 1, 1000000, &v)) {
		fprintf(stderr, "renda serve: --public-rate must be a number from 1 to 1000000\n");
		return 2;
	}
	so.trust_proxy = trust_proxy;
	if (!static_dir) {
		find_static(found_static, sizeof(found_static));
		static_dir = found_static[0] ? found_static : NULL;
	}
	so.static_dir = static_dir;

	/* Many worker threads, short allocations: a few malloc arenas are
	 * enough, and each one more keeps its own free memory. */
	mallopt(M_ARENA_MAX, 4);

	/* Signals are taken by sigwait below; every thread inherits the mask. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	store = cli_open_store("serve", data, store_arg, true, false);
	if (!store)
		goto out;
	snprintf(logpath, sizeof(logpath), "%s/access.log", data);
	access = fopen(logpath, "a");
	if (!access)
		log_warn("cannot open %s: %s; no access log", logpath, strerror(errno));
	so.access_log = access;
	events = events_new(4096);
	if (!events || app_init(&app, store, events, data)) {
		fprintf(stderr,
			"renda serve: cannot start (out of memory, or %s/signing.key unreadable)\n",
			data);
		goto out;
	}
	app_ok = 1;
	/* Several nodes may share a PostgreSQL store: events then go through
	 * the database, so every node's streams see every node's events. */
	if (store_uri(store) &&
	    pg_bridge_start(store_uri(store), events, 4096, &app.bridge, &err)) {
		fprintf(stderr, "renda serve: %s\n", err.message);
		goto out;
	}
	if (public_rate) {
		str_to_i64(public_rate, strlen(public_rate), 1, 1000000, &v);
		if (app_public_limits(&app, (unsigned)v, (unsigned)v)) {
			fprintf(stderr, "renda serve: out of memory\n");
			goto out;
		}
	}
	nc.out = app.congress_name;
	nc.outsz = sizeof(app.congress_name);
	store_read(store, read_name, &nc, NULL);
	if (server_start(&so, api_routes, api_nroutes, &app, store, events, &srv, &err)) {
		fprintf(stderr, "renda serve: %s\n", err.message);
		goto out;
	}
	printf("renda %s: listening on http://%s:%u\n", RENDA_VERSION, host, server_port(srv));
	fflush(stdout);
	log_info("serving %s (schema %d)%s%s", data, store_schema_version(store),
		 static_dir ? ", web UI from " : ", no web UI found", static_dir ? static_dir : "");
	for (;;) {
		if (sigwait(&sigs, &sig) == 0 && (sig == SIGINT || sig == SIGTERM))
			break;
	}
	log_info("stopping (signal %d)", sig);
	rc = 0;
out:
	server_stop(srv);
	if (app_ok) {
		/* After app_release: the progress thread publishes until then. */
		struct pg_bridge *bridge = app.bridge;

		app_release(&app);
		pg_bridge_stop(bridge);
	}
	store_free(store);
	events_free(events);
	pdf_cleanup();
	if (access)
		fclose(access);
	return rc;
}
