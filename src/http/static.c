/*
 * static.c — the web UI's files, from the folder the server was given.
 *
 * Only regular files under that folder are served; a path with a ".."
 * segment or a hidden file is refused. Any other path that is not a file
 * gets index.html, because the UI routes in the browser (/floor, /login);
 * except under /assets/, where a missing file is a real 404. Vite's
 * hashed assets are cached for a year; everything else is revalidated.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/internal.h"
#include "base/banned.h"

static const struct {
	const char *ext;
	const char *type;
} mime[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".json", "application/json"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".jpg", "image/jpeg"},
	{".ico", "image/x-icon"},
	{".woff2", "font/woff2"},
	{".woff", "font/woff"},
	{".ttf", "font/ttf"},
	{".txt", "text/plain; charset=utf-8"},
	{".pdf", "application/pdf"},
	{".webmanifest", "application/manifest+json"},
};

static const char *mime_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot && !strchr(dot, '/'))
		for (size_t i = 0; i < sizeof(mime) / sizeof(mime[0]); i++)
			if (strcmp(dot, mime[i].ext) == 0)
				return mime[i].type;
	return "application/octet-stream";
}

static int path_safe(const char *p)
{
	if (p[0] != '/' || strlen(p) > 1024)
		return 0;
	for (const char *s = p; *s; s++)
		if (s[0] == '/' && s[1] == '.')
			return 0; /* "..", hidden files */
	return strchr(p, '\\') == NULL;
}

static struct MHD_Response *from_file(const char *file, const char *type, int cache_forever)
{
	struct MHD_Response *r;
	struct stat st;
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return NULL;
	}
	r = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	if (!r) {
		close(fd);
		return NULL;
	}
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control",
				cache_forever ? "public, max-age=31536000, immutable" : "no-cache");
	if (strncmp(type, "text/html", 9) == 0)
		MHD_add_response_header(r, "Content-Security-Policy",
					"default-src 'self'; style-src 'self' 'unsafe-inline'; "
					"img-src 'self' data: blob:; "
					"connect-src 'self'; frame-ancestors 'none'; base-uri "
					"'self'; form-action 'self'");
	return r;
}

static const char no_ui[] =
	"<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>renda</title>"
	"<p>renda 正在运行，但网页界面尚未构建（运行 <code>make</code>）。</p>"
	"<p>renda is running, but the web UI has not been built (run <code>make</code>).</p>"
	"<p><a href=\"/api/health\">/api/health</a></p></html>";

/* The precompressed twin (Vite build writes FILE.gz) when the client takes gzip. */
static struct MHD_Response *from_file_gz(const char *file, int gzip_ok, int cache_forever)
{
	char gz[sizeof(((struct server *)0)->static_dir) + 1104];
	struct MHD_Response *r = NULL;

	if (gzip_ok && snprintf(gz, sizeof(gz), "%s.gz", file) < (int)sizeof(gz)) {
		r = from_file(gz, mime_of(file), cache_forever);
		if (r) {
			MHD_add_response_header(r, "Content-Encoding", "gzip");
			MHD_add_response_header(r, "Vary", "Accept-Encoding");
			return r;
		}
	}
	r = from_file(file, mime_of(file), cache_forever);
	if (r)
		MHD_add_response_header(r, "Vary", "Accept-Encoding");
	return r;
}

struct MHD_Response *static_response(struct server *srv, struct MHD_Connection *conn,
				     const char *path, int *status)
{
	const char *ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding");
	int gzip_ok = ae && strstr(ae, "gzip") != NULL;

	char file[sizeof(((struct server *)0)->static_dir) + 1100];
	struct MHD_Response *r = NULL;
	int assets = strncmp(path, "/assets/", 8) == 0;

	*status = 200;
	if (srv->static_dir[0] && path_safe(path) && strcmp(path, "/") != 0) {
		snprintf(file, sizeof(file), "%s%s", srv->static_dir, path);
		r = from_file_gz(file, gzip_ok, assets);
		if (r || assets) {
			*status = r ? 200 : 404;
			return r;
		}
	}
	if (srv->static_dir[0]) {
		snprintf(file, sizeof(file), "%s/index.html", srv->static_dir);
		r = from_file_gz(file, gzip_ok, 0);
		if (r)
			return r;
	}
	r = MHD_create_response_from_buffer(sizeof(no_ui) - 1, (void *)no_ui,
					    MHD_RESPMEM_PERSISTENT);
	if (r)
		MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
	return r;
}
