#!/usr/bin/env python3
"""Benchmark of the suggestions' queries on a province-sized year (issue 6).

    suggestions.py seed DB            fill a data folder made by `renda init`
    suggestions.py measure DB URL     time the queries, print markdown

seed: 100,000 suggestions (BENCH_SUGG_N) to 2,000 handling units
(BENCH_SUGG_UNITS) from 3,000 delegates of one term, written straight into
renda's schema (the tables of migrations 5 and 6) with Python's sqlite3
module: benchmark setup, NOT a product path. Through the API each of the
100,000 items would be five to eight audited requests and each unit account
an argon2id hash. What it writes, as a year of handling looks on the day
the benchmark runs (dates are Asia/Shanghai days, the last 365 before today):

- units: each with an account (role handling_unit) and a live bearer login;
  how many items a unit leads follows a Zipf-like law (weight rank^-0.8), so
  the busiest unit leads about 5 % of the year (~5,000) and the median one
  about 20 — a provincial transport department next to a small bureau;
- suggestions: a title, about 300 characters of text and one of 12
  categories; 1 to 4 signers (a proposer, co-signers); 2 % still submitted,
  3 % rejected, the rest assigned on a day of the year with a reply due 91
  days later and, for 15 %, one or two assisting units; by age: an item
  assigned in the last 60 days is mostly still assigned, older ones were
  replied (on time for 92 %), rated by every signer (70 % satisfied, 22 %
  basically, 8 % dissatisfied), a dissatisfied one rehandled (a second reply
  or, for the youngest, still in rehandling) and the rest closed; 1.5 % of
  old items were never answered (overdue now);
- the timeline (suggestion_events): one row per step.

measure: over HTTP against a running `renda serve` (keep-alive connection,
sequential requests, the whole answer read), p50/p95/max of
  GET /api/suggestions as the busiest unit, as the median unit (the inbox)
  GET /api/suggestions/report as staff (per unit and per category)
next to plain SQLite reference queries on the same file through the same
sqlite3 library (the rows fetched, nothing formatted): the busiest and the
median unit's suggestions by an index lookup in due-date order, and one
grouped scan counting assigned / replied / overdue per unit — the least any
per-unit report must read. Then the query plans of renda's statements.
"""
import hashlib
import http.client
import os
import random
import secrets
import sqlite3
import statistics
import sys
import time
import urllib.parse
from datetime import date, datetime, timedelta, timezone

CATEGORIES = ["交通", "教育", "医疗卫生", "城乡建设", "农业农村", "生态环境", "社会保障", "财政经济",
              "文化旅游", "公共安全", "科技", "民政"]
DEPTS = ["交通运输厅", "教育厅", "卫生健康委", "住房和城乡建设厅", "农业农村厅", "生态环境厅",
         "人力资源和社会保障厅", "财政厅", "文化和旅游厅", "公安厅", "科技厅", "民政厅", "水利厅",
         "自然资源厅", "商务厅", "市场监督管理局", "应急管理厅", "林业局", "医疗保障局", "体育局"]
PLACES = ["省", "东川市", "西岭市", "南湖市", "北山市", "清河县", "临江县", "白水县", "云台县", "石门县"]
TEXT = ("建议有关部门加快推进项目建设，统筹资金安排，完善配套设施，加强日常管理和监督检查，"
        "及时回应群众关切，切实解决群众反映强烈的突出问题，并建立长效机制，定期向代表通报进展情况。")


def today_shanghai():
    return (datetime.now(timezone.utc) + timedelta(hours=8)).date()


def ms_of(d, hour=10):
    """Epoch milliseconds of hour:00 Asia/Shanghai on day d."""
    return int(datetime(d.year, d.month, d.day, hour, tzinfo=timezone(timedelta(hours=8))).timestamp() * 1000)


def seed(db):
    n = int(os.environ.get("BENCH_SUGG_N", "100000"))
    n_units = int(os.environ.get("BENCH_SUGG_UNITS", "2000"))
    n_delegates = 3000
    rnd = random.Random(20261129)
    today = today_shanghai()
    now = int(time.time() * 1000)
    far = now + 365 * 86400 * 1000
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")
    cur = con.cursor()
    cur.execute("BEGIN")
    pw = cur.execute("SELECT password_hash FROM users WHERE username = 'admin'").fetchone()[0]
    staff_id = cur.execute("SELECT id FROM users WHERE username = 'admin'").fetchone()[0]
    cur.execute("INSERT INTO terms (id, number, name) VALUES (1, 14, '某省第十四届人民代表大会')")
    cur.executemany(
        "INSERT INTO delegates (id, term_id, name, gender, seat, card_code) VALUES (?, 1, ?, ?, NULL, ?)",
        [(i, f"代表{i:04d}", "female" if i % 3 == 1 else "male", f"P{i:06d}") for i in range(1, n_delegates + 1)])

    tokens = {}

    def login(uid):
        token = secrets.token_urlsafe(32)
        th = hashlib.blake2b(token.encode(), digest_size=32).hexdigest()
        cur.execute("INSERT INTO logins (token_hash, user_id, kind, csrf_token, created_at, expires_at)"
                    " VALUES (?, ?, 'bearer', ?, ?, ?)", (th, uid, secrets.token_urlsafe(32), now, far))
        return token

    tokens["staff"] = login(staff_id)
    users, roles, units = [], [], []
    for u in range(1, n_units + 1):
        uid = 100000 + u
        name = f"{PLACES[u % len(PLACES)]}{DEPTS[u % len(DEPTS)]}{u:04d}"
        users.append((uid, f"unit{u:04d}", name, pw, now))
        roles.append((uid, "handling_unit"))
        units.append((u, name, uid, f"unit{u:04d}@gov.example.cn"))
    cur.executemany("INSERT INTO users (id, username, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)", users)
    cur.executemany("INSERT INTO user_roles (user_id, role) VALUES (?, ?)", roles)
    cur.executemany("INSERT INTO handling_units (id, name, user_id, email) VALUES (?, ?, ?, ?)", units)

    # Zipf-like load: unit u (rank u) gets weight u^-0.8.
    weights = [r ** -0.8 for r in range(1, n_units + 1)]
    cum, acc = [], 0.0
    for w in weights:
        acc += w
        cum.append(acc)

    def pick_unit():
        x = rnd.random() * acc
        lo, hi = 0, n_units - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if cum[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        return lo + 1

    sugg, signers, sunits, events, replies, ratings = [], [], [], [], [], []

    def event(sid, d, actor, action, frm, to, note=""):
        events.append((sid, ms_of(d, 9 + len(events) % 8), actor, action, frm, to, note))

    def reply(sid, unit, rnd_no, d, due):
        cat = rnd.choices(["solved", "planned", "not_possible", "explained"], [55, 25, 10, 10])[0]
        replies.append((sid, unit, rnd_no, cat, f"关于第{sid}号建议的答复：" + TEXT, "厅长", ms_of(d, 15),
                        due.isoformat(), d.isoformat(), 1 if d <= due else 0))
        event(sid, d, "unit", "reply", "assigned" if rnd_no == 1 else "rehandling", "replied")

    def rate_all(sid, who, rnd_no, d, forced=None):
        worst = "satisfied"
        for dl in who:
            r = forced or rnd.choices(["satisfied", "basically_satisfied", "dissatisfied"], [70, 22, 8])[0]
            if r == "dissatisfied":
                worst = r
            ratings.append((sid, rnd_no, dl, r, "答复未解决实际问题" if r == "dissatisfied" else "", ms_of(d, 16)))
        return worst

    for sid in range(1, n + 1):
        cat = CATEGORIES[rnd.randrange(len(CATEGORIES))]
        proposer = rnd.randrange(1, n_delegates + 1)
        who = [proposer] + rnd.sample(range(1, n_delegates + 1), rnd.choices([0, 1, 2, 3], [55, 25, 12, 8])[0])
        who = list(dict.fromkeys(who))
        submitted = today - timedelta(days=rnd.randrange(5, 365))
        for k, dl in enumerate(who):
            signers.append((sid, dl, "proposer" if k == 0 else "co_signer", ms_of(submitted, 8)))
        title = f"关于{PLACES[sid % len(PLACES)]}{cat}工作的第{sid}号建议"
        content = TEXT * 4
        row = dict(id=sid, proposer=proposer, title=title, content=content, category=cat, state="submitted",
                   submitted_at=ms_of(submitted, 8), assigned_on="", due_on="", ext_req=0, ext=0, lead=None, round=0)
        event(sid, submitted, "delegate", "submit", "", "submitted")
        x = rnd.random()
        if x < 0.02 or submitted > today - timedelta(days=7):
            sugg.append(row)
            continue
        if x < 0.05:
            row["state"] = "rejected"
            event(sid, submitted + timedelta(days=3), "office", "reject", "submitted", "rejected", "属于个人事项")
            sugg.append(row)
            continue
        assigned = submitted + timedelta(days=rnd.randrange(3, 8))
        due = assigned + timedelta(days=91)
        lead = pick_unit()
        row.update(state="assigned", assigned_on=assigned.isoformat(), due_on=due.isoformat(), lead=lead)
        sunits.append((sid, lead, "lead"))
        if rnd.random() < 0.15:
            for a in set(pick_unit() for _ in range(rnd.choice([1, 2]))) - {lead}:
                sunits.append((sid, a, "assisting"))
        event(sid, assigned, "office", "assign", "submitted", "assigned")
        age = (today - assigned).days
        # Replied yet? Young items mostly not; 1.5 % of old ones never (overdue).
        if age < 60 and rnd.random() < 0.7 or age >= 60 and rnd.random() < 0.015 or age < 20:
            sugg.append(row)
            continue
        on_time = rnd.random() < 0.92
        latest = min(today, due) if on_time else min(today, due + timedelta(days=rnd.randrange(1, 30)))
        replied = assigned + timedelta(days=rnd.randrange(10, max(11, (latest - assigned).days + 1)))
        if replied > today:
            replied = today
        reply(sid, lead, 1, replied, due)
        row.update(state="replied", round=1)
        rated = replied + timedelta(days=rnd.randrange(2, 15))
        if rated > today:
            sugg.append(row)
            continue
        if rate_all(sid, who, 1, rated) == "dissatisfied":
            due2 = rated + timedelta(days=30)
            row.update(state="rehandling", due_on=due2.isoformat())
            event(sid, rated, "delegate", "rate", "replied", "rehandling")
            replied2 = rated + timedelta(days=rnd.randrange(5, 35))
            if replied2 >= today:
                sugg.append(row)
                continue
            reply(sid, lead, 2, replied2, due2)
            row.update(state="replied", round=2)
            rated2 = replied2 + timedelta(days=rnd.randrange(2, 15))
            if rated2 > today:
                sugg.append(row)
                continue
            rate_all(sid, who, 2, rated2, forced=rnd.choice(["satisfied", "basically_satisfied"]))
            rated = rated2
        event(sid, rated, "delegate", "rate", "replied", "closed")
        row["state"] = "closed"
        sugg.append(row)

    cur.executemany(
        "INSERT INTO suggestions (id, term_id, delegate_id, title, content, category, state, submitted_at,"
        " assigned_on, due_on, extension_requested, extended, lead_unit_id, round)"
        " VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(r["id"], r["proposer"], r["title"], r["content"], r["category"], r["state"], r["submitted_at"],
          r["assigned_on"], r["due_on"], r["ext_req"], r["ext"], r["lead"], r["round"]) for r in sugg])
    cur.executemany("INSERT INTO suggestion_signers (suggestion_id, delegate_id, role, at) VALUES (?, ?, ?, ?)", signers)
    cur.executemany("INSERT INTO suggestion_units (suggestion_id, unit_id, role) VALUES (?, ?, ?)", sunits)
    cur.executemany("INSERT INTO suggestion_events (suggestion_id, at, actor, action, from_state, to_state, note)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", events)
    cur.executemany("INSERT INTO suggestion_replies (suggestion_id, unit_id, round, category, content, signed_by, at,"
                    " due_on, replied_on, on_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", replies)
    cur.executemany("INSERT INTO suggestion_ratings (suggestion_id, round, delegate_id, rating, reason, at)"
                    " VALUES (?, ?, ?, ?, ?, ?)", ratings)
    con.commit()
    # Logins for the busiest and the median unit (the inbox cases of measure).
    counts = cur.execute("SELECT lead_unit_id, COUNT(*) AS n FROM suggestions WHERE lead_unit_id IS NOT NULL"
                         " GROUP BY lead_unit_id ORDER BY n DESC, lead_unit_id").fetchall()
    picked = [counts[0][0], counts[len(counts) // 2][0]]
    cur.execute("BEGIN")
    for u in picked:
        tokens[u] = login(100000 + u)
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    states = {}
    for r in sugg:
        states[r["state"]] = states.get(r["state"], 0) + 1
    with open(os.path.join(os.path.dirname(db), "bench-tokens"), "w") as f:
        f.write(tokens["staff"] + "\n")
        for u in picked:
            f.write(f"{u} {tokens[u]}\n")
    summary = ", ".join(f"{k} {v:,}" for k, v in sorted(states.items()))
    print(f"{len(sugg):,} suggestions ({summary}); {n_units:,} units; {len(signers):,} signers;"
          f" {len(sunits):,} unit assignments; {len(replies):,} replies; {len(ratings):,} ratings;"
          f" {len(events):,} timeline rows")


def pct(xs, p):
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, int(round(p / 100 * len(xs) + 0.5)) - 1))
    return xs[k]


def fmt(xs):
    return f"{statistics.median(xs):.1f} ms | {pct(xs, 95):.1f} ms | {max(xs):.1f} ms"


def measure(db, url):
    reps = int(os.environ.get("BENCH_SUGG_REPS", "30"))
    today = today_shanghai().isoformat()
    con = sqlite3.connect(db)
    counts = con.execute("SELECT lead_unit_id, COUNT(*) AS n FROM suggestions WHERE lead_unit_id IS NOT NULL"
                         " GROUP BY lead_unit_id ORDER BY n DESC, lead_unit_id").fetchall()
    busiest = counts[0]
    median = counts[len(counts) // 2]
    inbox = {u: con.execute("SELECT COUNT(*) FROM suggestion_units WHERE unit_id = ?", (u,)).fetchone()[0]
             for u, _ in (busiest, median)}
    with open(os.path.join(os.path.dirname(db), "bench-tokens")) as f:
        lines = f.read().split("\n")
    staff = lines[0].strip()
    tok = {int(line.split()[0]): line.split()[1] for line in lines[1:] if line.strip()}

    p = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(p.hostname, p.port, timeout=120)

    def get(path, token):
        t0 = time.perf_counter()
        conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        r = conn.getresponse()
        body = r.read()
        ms = (time.perf_counter() - t0) * 1000
        if r.status != 200:
            sys.exit(f"GET {path}: {r.status} {body[:300]!r}")
        return ms, len(body)

    def http_case(path, token):
        for _ in range(3):
            get(path, token)
        xs, size = [], 0
        for _ in range(reps):
            ms, size = get(path, token)
            xs.append(ms)
        return xs, size

    def sql_case(q, args):
        for _ in range(3):
            con.execute(q, args).fetchall()
        xs, rows = [], 0
        for _ in range(reps):
            t0 = time.perf_counter()
            rows = len(con.execute(q, args).fetchall())
            xs.append((time.perf_counter() - t0) * 1000)
        return xs, rows

    inbox_ref = ("SELECT s.id, s.term_id, s.delegate_id, s.title, s.content, s.category, s.state,"
                 " s.submitted_at, s.assigned_on, s.due_on, s.extension_requested, s.extended,"
                 " s.lead_unit_id, s.round FROM suggestion_units u JOIN suggestions s ON s.id = u.suggestion_id"
                 " WHERE u.unit_id = ? ORDER BY s.due_on, s.id")
    report_ref = ("SELECT lead_unit_id, COUNT(*), SUM(round > 0),"
                  " SUM(state IN ('assigned', 'rehandling') AND due_on <> '' AND due_on < ?)"
                  " FROM suggestions WHERE lead_unit_id IS NOT NULL GROUP BY lead_unit_id")
    rows = []
    for u, n in (busiest, median):
        xs, size = http_case("/api/suggestions", tok[u])
        rows.append((f"renda GET /api/suggestions as a unit leading {n:,} ({inbox[u]:,} in its inbox)",
                     fmt(xs), f"{size / 1024:,.0f} KiB JSON"))
        xs, nr = sql_case(inbox_ref, (u,))
        rows.append((f"SQLite reference: the same unit's {nr:,} rows by index, due-date order", fmt(xs),
                     f"{nr:,} rows"))
    xs, size = http_case("/api/suggestions/report", staff)
    rows.append(("renda GET /api/suggestions/report (2 walks: per unit, per category)", fmt(xs),
                 f"{size / 1024:,.0f} KiB JSON"))
    xs, nr = sql_case(report_ref, (today,))
    rows.append(("SQLite reference: one grouped scan per unit (assigned, replied, overdue)", fmt(xs),
                 f"{nr:,} rows"))
    xs, size = http_case("/api/public/suggestions/report", staff)
    rows.append(("renda GET /api/public/suggestions/report (the same, published)", fmt(xs),
                 f"{size / 1024:,.0f} KiB JSON"))
    print(f"Sequential requests on one keep-alive connection, {reps} timed after 3 warm-up;"
          " the SQLite reference through Python's sqlite3 module on the same file.")
    print()
    print("| query | p50 | p95 | max | answer |")
    print("|---|---|---|---|---|")
    for name, f, size in rows:
        print(f"| {name} | {f} | {size} |")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "seed":
        seed(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "measure":
        measure(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
