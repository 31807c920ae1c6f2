#!/usr/bin/env python3
"""Benchmark setup for bench/vote-storm, NOT a product path.

Prints SQL (for the sqlite3 CLI) that fills a data folder freshly made by
`renda init` with a hall: one term, one session, one plenary (scheduled), two
polls in draft, and N delegates, each with a user account (role delegate) and
a live bearer login. Writes the N bearer tokens, one a line, to TOKENS_FILE,
and a bearer token for the admin (staff: the presiding officer's side) to
OFFICER_FILE.

Why not the API: every account and every login costs an argon2id hash
(about 0.1 s and 64 MiB each), so 3,000 of them would take minutes. Here all
the accounts share the admin's password hash (a valid argon2id string that is
never checked: nobody logs in with a password), and each login row stores,
as the server does, only the lowercase hex BLAKE2b-256 of its token. The
officer's login is seeded too, so that the server's peak memory (VmHWM) is
the hall's and not one argon2id check (64 MiB for a moment).

The rows bypass the audit log; the data folder is thrown away after the run.

usage: seed.py N TOKENS_FILE OFFICER_FILE | sqlite3 DATA/renda.db
       seed.py --pg N TOKENS_FILE OFFICER_FILE | psql -v ON_ERROR_STOP=1 URI
(--pg: for a PostgreSQL store made by `renda init --store URI`: no PRAGMA, and
the identity sequences moved past the ids written here.)
"""
import hashlib
import secrets
import sys
import time


# PostgreSQL: rows inserted with explicit ids leave the identity sequences
# behind; move each past its column's largest id, as a restore would.
PG_SEQUENCES = """DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.table_name, c.column_name,
                  pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) AS seq
           FROM information_schema.columns c
           WHERE c.table_schema = current_schema() AND c.is_identity = 'YES'
  LOOP
    EXECUTE format('SELECT setval(%L, (SELECT coalesce(max(%I), 0) + 1 FROM %I), false)',
                   r.seq, r.column_name, r.table_name);
  END LOOP;
END $$;
"""


def main():
    args = sys.argv[1:]
    pg = bool(args) and args[0] == "--pg"
    if pg:
        args = args[1:]
    if len(args) != 3:
        sys.exit(__doc__)
    sys.argv = [sys.argv[0]] + args
    n = int(sys.argv[1])
    if not 1 <= n <= 20000:
        sys.exit("seed.py: N must be 1 to 20000")
    now = int(time.time() * 1000)
    far = now + 365 * 24 * 3600 * 1000
    out = sys.stdout
    w = out.write
    w("BEGIN;\n" if pg else "PRAGMA foreign_keys = ON;\nBEGIN;\n")
    w("INSERT INTO terms (id, number, name) VALUES (1, 1, '压力测试县第一届人民代表大会');\n")
    w("INSERT INTO sessions (id, term_id, number, name)"
      " VALUES (1, 1, 1, '压力测试县第一届人民代表大会第一次会议');\n")
    w("INSERT INTO plenaries (id, session_id, number, title) VALUES (1, 1, 1, '第一次全体会议');\n")
    for pid in (1, 2):
        w(f"INSERT INTO polls (id, plenary_id, title) VALUES ({pid}, 1, '关于压力测试的第{pid}项决议（草案）');\n")
    # Every account gets the admin's (valid argon2id) hash; ids from 1001 up.
    w("CREATE TEMP TABLE pw AS SELECT password_hash AS h FROM users WHERE username = 'admin';\n")

    def login(uid, token):
        th = hashlib.blake2b(token.encode(), digest_size=32).hexdigest()
        csrf = secrets.token_urlsafe(32)
        w(f"INSERT INTO logins (token_hash, user_id, kind, csrf_token, created_at, expires_at)"
          f" VALUES ('{th}', {uid}, 'bearer', '{csrf}', {now}, {far});\n")

    officer = secrets.token_urlsafe(32)
    with open(sys.argv[3], "w") as of:
        of.write(officer + "\n")
    login("(SELECT id FROM users WHERE username = 'admin')", officer)
    with open(sys.argv[2], "w") as tf:
        for i in range(1, n + 1):
            uid = 1000 + i
            token = secrets.token_urlsafe(32)  # 43 base64url characters, like secret_token()
            tf.write(token + "\n")
            w(f"INSERT INTO users (id, username, display_name, password_hash, created_at)"
              f" SELECT {uid}, 'vs{i:05d}', '代表{i:05d}', h, {now} FROM pw;\n")
            w(f"INSERT INTO user_roles (user_id, role) VALUES ({uid}, 'delegate');\n")
            w(f"INSERT INTO delegates (id, term_id, name, gender, seat, user_id, card_code)"
              f" VALUES ({i}, 1, '代表{i:05d}', '{'female' if i % 3 == 1 else 'male'}',"
              f" '{1 + (i - 1) // 50}排{1 + (i - 1) % 50}座', {uid}, 'VS{i:06d}');\n")
            login(uid, token)
    if pg:
        w(PG_SEQUENCES)
    w("COMMIT;\n")


if __name__ == "__main__":
    main()
