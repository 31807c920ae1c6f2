/*
 * demo_opinions.c — the public channel of the demo county: liaison
 * stations with their delegates and reception days, and citizens' issues
 * at every step (submitted, routed, taken up, answered, merged, refused),
 * spread over the past months, so the portal, the dashboard and the
 * office's list have something to show on first start.
 */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "cli/demo.h"
#include "rules/dates.h"
#include "rules/opinion.h"
#include "store/audit.h"
#include "store/floor.h"
#include "store/opinions.h"
#include "base/banned.h"

#define DAY_MS (24LL * 3600 * 1000)

static const struct {
	const char *name, *place, *address, *reception;
	int64_t delegates[3]; /* demo delegate ids */
} stations[] = {
	{"城关镇人大代表联络站",
	 "城关镇",
	 "城关镇人民路18号便民服务中心二楼",
	 "每月5日、20日上午",
	 {2, 3, 4}},
	{"东城街道人大代表联络站",
	 "东城街道",
	 "东城街道新华社区党群服务中心",
	 "每周三下午",
	 {5, 6, 0}},
	{"河西乡人大代表联络站", "河西乡", "河西乡政府一楼", "每月第一个周一全天", {7, 8, 0}},
};

static const struct {
	const char *title, *content, *place, *category;
	int64_t days_ago;  /* int64_t, like the others: no padding */
	const char *state; /* what happened to it */
	int64_t station;   /* 1-based, or 0 */
	int64_t delegate;  /* routed to */
	const char *answer;
} issues[] = {
	{"东关村村口路灯不亮",
	 "城关镇东关村村口三盏路灯坏了两个多月，晚上老人孩子出行不安全，请尽快维修。",
	 "城关镇东关村", "roads_transport", 75, "closed", 1, 2,
	 "经协调县城管局，已于本月更换灯具并恢复照明，并将该路段纳入每月巡检。"},
	{"实验小学门口上下学拥堵",
	 "实验小学门口上下学时段车辆乱停，道路拥堵严重，建议设置临时停车区并增派协管员。", "城关镇",
	 "education", 60, "closed", 1, 3,
	 "已转交县公安局交警大队，上下学时段增派两名协管员，临时停车区已划设。"},
	{"河西村自来水经常停水", "河西村近半年自来水经常停水，水质有时浑浊，村民用水困难。",
	 "河西乡河西村", "agriculture", 45, "taken", 3, 7, NULL},
	{"新华社区垃圾清运不及时", "新华社区垃圾站清运不及时，夏天气味很大，影响居民生活。",
	 "东城街道新华社区", "environment", 30, "routed", 2, 0, NULL},
	{"幸福路路面塌陷", "幸福路与建设街交叉口路面塌陷形成大坑，车辆通行危险，请尽快修复。",
	 "城关镇", "roads_transport", 20, "taken", 1, 4, NULL},
	{"幸福路交叉口路面塌陷很危险",
	 "幸福路和建设街交叉口路面塌陷，有个大坑，晚上车辆通行很危险。", "城关镇",
	 "roads_transport", 19, "merged", 0, 0, NULL},
	{"乡卫生院缺少儿科医生", "河西乡卫生院没有儿科医生，孩子生病要跑到县城，希望能解决。",
	 "河西乡", "health", 15, "submitted", 0, 0, NULL},
	{"邻居装修噪音扰民", "邻居家装修噪音太大，希望人大代表帮忙调解。", "东城街道", "other", 12,
	 "rejected", 0, 0, NULL},
	{"老旧小区加装电梯", "建设街老旧小区住户多为老人，上下楼困难，希望推进加装电梯。", "城关镇",
	 "housing", 8, "submitted", 0, 0, NULL},
	{"农村客运班车班次太少", "河西乡到县城的客运班车每天只有两班，群众出行不便，建议增加班次。",
	 "河西乡", "roads_transport", 3, "routed", 3, 8, NULL},
};

static void date_of(int64_t ms, char out[16])
{
	struct civil_date d = dates_from_days((ms + 8 * 3600 * 1000LL) / DAY_MS);

	snprintf(out, 16, "%04d-%02d-%02d", d.y, d.m, d.d);
}

static enum rd_err one_issue(struct store_tx *tx, size_t i, const int64_t *station_ids, int64_t now,
			     int64_t *first_road)
{
	struct opinion o;
	struct delegate d;
	enum rd_err rc;
	int64_t at = now - issues[i].days_ago * DAY_MS;
	const char *want = issues[i].state;

	memset(&o, 0, sizeof(o));
	/* Demo codes are fixed, so the README can name one. */
	op_code_make(((i + 1) * 0x9E3779B97F4A7C15ULL) >> 4, o.code);
	str_copy(o.title, sizeof(o.title), issues[i].title);
	str_copy(o.content, sizeof(o.content), issues[i].content);
	str_copy(o.place, sizeof(o.place), issues[i].place);
	str_copy(o.category, sizeof(o.category), issues[i].category);
	str_copy(o.state, sizeof(o.state), "submitted");
	o.submitted_at = at;
	date_of(at, o.submitted_on);
	rc = opinion_create(tx, &o, "居民", "13900000000");
	if (!rc)
		rc = opinion_event(tx, o.id, at, "-", "submit", "", true);
	if (rc || strcmp(want, "submitted") == 0)
		return rc;
	if (strcmp(want, "merged") == 0) {
		o.merged_into = *first_road;
		str_copy(o.state, sizeof(o.state), "merged");
		rc = opinion_update(tx, &o, "submitted");
		return rc ? rc : opinion_event(tx, o.id, at + DAY_MS, "staff", "merge", "", true);
	}
	if (strcmp(want, "rejected") == 0) {
		str_copy(o.reason, sizeof(o.reason),
			 "属于民事纠纷，请向社区人民调解委员会申请调解。");
		str_copy(o.state, sizeof(o.state), "rejected");
		rc = opinion_update(tx, &o, "submitted");
		return rc ? rc
			  : opinion_event(tx, o.id, at + DAY_MS, "staff", "reject", o.reason, true);
	}
	/* Routed: to the station and, when named, to one of its delegates. */
	o.station_id = issues[i].station ? station_ids[issues[i].station - 1] : 0;
	o.delegate_id = issues[i].delegate;
	str_copy(o.state, sizeof(o.state), "routed");
	if (o.delegate_id && (rc = delegate_get(tx, o.delegate_id, &d)))
		return rc;
	rc = opinion_update(tx, &o, "submitted");
	if (!rc)
		rc = opinion_event(tx, o.id, at + DAY_MS / 2, "staff", "route",
				   o.delegate_id ? d.name : stations[issues[i].station - 1].name,
				   true);
	if (rc || strcmp(want, "routed") == 0)
		return rc;
	o.taken_at = at + DAY_MS;
	str_copy(o.state, sizeof(o.state), "taken");
	rc = opinion_update(tx, &o, "routed");
	if (!rc)
		rc = opinion_event(tx, o.id, o.taken_at, "demo", "take", "", true);
	if (!rc) {
		struct activity a = {.delegate_id = o.delegate_id,
				     .station_id = o.station_id,
				     .opinion_id = o.id,
				     .at = o.taken_at + DAY_MS};

		str_copy(a.kind, sizeof(a.kind), "visit");
		date_of(a.at, a.held_on);
		str_copy(a.note, sizeof(a.note), "实地查看并与反映人沟通，了解具体情况。");
		rc = activity_add(tx, &a);
		if (!rc)
			rc = opinion_event(tx, o.id, a.at, "demo", "record", "visit", true);
	}
	if (!rc && strcmp(o.category, "roads_transport") == 0 && !*first_road &&
	    strcmp(want, "taken") == 0)
		*first_road = o.id;
	if (rc || strcmp(want, "taken") == 0)
		return rc;
	str_copy(o.answer, sizeof(o.answer), issues[i].answer);
	str_copy(o.answered_by, sizeof(o.answered_by), d.name);
	o.closed_at = o.taken_at + 10 * DAY_MS;
	date_of(o.closed_at, o.closed_on);
	str_copy(o.state, sizeof(o.state), "closed");
	rc = opinion_update(tx, &o, "taken");
	return rc ? rc : opinion_event(tx, o.id, o.closed_at, "demo", "answer", "", true);
}

enum rd_err demo_opinions_write(struct store_tx *tx, int64_t now)
{
	int64_t station_ids[sizeof(stations) / sizeof(stations[0])], first_road = 0;
	enum rd_err rc = RD_OK;

	for (size_t i = 0; !rc && i < sizeof(stations) / sizeof(stations[0]); i++) {
		struct station s = {0};
		int64_t ids[3];
		size_t n = 0;

		str_copy(s.name, sizeof(s.name), stations[i].name);
		str_copy(s.place, sizeof(s.place), stations[i].place);
		str_copy(s.address, sizeof(s.address), stations[i].address);
		str_copy(s.reception, sizeof(s.reception), stations[i].reception);
		rc = station_create(tx, &s, now);
		for (size_t k = 0; k < 3; k++)
			if (stations[i].delegates[k])
				ids[n++] = stations[i].delegates[k];
		if (!rc)
			rc = station_set_delegates(tx, s.id, ids, n);
		station_ids[i] = s.id;
	}
	for (size_t i = 0; !rc && i < sizeof(issues) / sizeof(issues[0]); i++)
		rc = one_issue(tx, i, station_ids, now, &first_road);
	if (rc)
		return rc;
	return audit_append(tx, now, "renda-setup", "demo.opinions", "opinions",
			    "{\"stations\":3,\"issues\":10}", NULL);
}
