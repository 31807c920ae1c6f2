/*
 * demo_floor.c — the demo congress: 示范县第十七届人民代表大会第二次会议,
 * about 200 delegates in a dozen delegations, a presidium, three plenaries
 * with the usual reports on the agenda, and the resolutions ready to vote.
 * Names and details are made up from fixed lists, the same every time.
 */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/str.h"
#include "cli/demo.h"
#include "store/audit.h"
#include "store/floor.h"
#include "store/users.h"
#include "base/banned.h"

#define DEMO_DELEGATES 200

static const char *const delegations[] = {
	"城关镇代表团", "东城街道代表团", "西城街道代表团", "河口镇代表团",
	"青山镇代表团", "石桥镇代表团",	  "柳林乡代表团",   "杨庄乡代表团",
	"白马乡代表团", "新华乡代表团",	  "县直机关代表团", "驻县部队代表团",
};
#define N_DELEGATIONS (sizeof(delegations) / sizeof(delegations[0]))

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐",   "孙", "胡", "朱", "高",
	"林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐",   "冯", "于", "董", "萧",
	"程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "欧阳", "丁", "田", "任",
};
static const char *const given[] = {
	"建国", "桂英", "志强", "晓梅", "德胜", "红霞", "永福", "丽娟", "国平",
	"秀兰", "海涛", "春燕", "明",	"芳",	"伟",	"静",	"军",	"敏",
	"磊",	"婷",	"卫东", "淑珍", "立新", "玉兰", "文博", "雪莲", "宏伟",
	"凤英", "振华", "美玲", "建军", "慧",	"长青", "翠花", "家豪",
};
static const char *const occupations[] = {
	"农民",		  "村党支部书记、村委会主任",
	"县人民医院医生", "县第一中学教师",
	"个体工商户",	  "县农业农村局干部",
	"企业职工",	  "农民专业合作社理事长",
	"社区居委会主任", "镇党委书记",
	"民营企业董事长", "派出所民警",
	"乡卫生院护士",	  "县供电公司职工",
};
static const char *const parties[] = {"中共党员", "中共党员", "群众",	  "中共党员",
				      "民盟盟员", "群众",     "中共党员", "九三学社社员"};
static const char *const ethnicities[] = {"汉族", "汉族", "汉族", "汉族", "汉族",
					  "回族", "汉族", "满族", "汉族", "汉族"};

/* The demo accounts that are delegates: linked to the first records. */
static const struct {
	const char *username, *name;
} linked[] = {
	{"zhuxi", "李建国"},	 {"daibiao01", "张桂英"}, {"daibiao02", "刘志强"},
	{"daibiao03", "陈晓梅"}, {"daibiao04", "杨德胜"}, {"daibiao05", "赵红霞"},
	{"daibiao06", "黄永福"}, {"daibiao07", "周丽娟"}, {"daibiao08", "吴国平"},
};
#define N_LINKED (sizeof(linked) / sizeof(linked[0]))

static const struct {
	int plenary;
	const char *title;
} agenda[] = {
	{1, "听取和审议县人民政府工作报告"},
	{1, "审查县国民经济和社会发展计划执行情况与计划草案的报告"},
	{1, "审查县财政预算执行情况与预算草案的报告"},
	{2, "听取和审议县人民代表大会常务委员会工作报告"},
	{2, "听取和审议县人民法院工作报告"},
	{2, "听取和审议县人民检察院工作报告"},
	{3, "表决关于县人民政府工作报告的决议（草案）"},
	{3, "表决关于国民经济和社会发展计划的决议（草案）"},
	{3, "表决关于财政预算的决议（草案）"},
	{3, "表决关于县人民代表大会常务委员会工作报告的决议（草案）"},
	{3, "表决关于县人民法院工作报告的决议（草案）"},
	{3, "表决关于县人民检察院工作报告的决议（草案）"},
};

static enum rd_err link_account(struct store_tx *tx, struct delegate *d, size_t i)
{
	struct user u;
	enum rd_err rc;

	if (i >= N_LINKED)
		return RD_OK;
	rc = users_by_name(tx, linked[i].username, &u, NULL);
	if (rc == RD_ENOTFOUND)
		return RD_OK;
	if (rc)
		return rc;
	return delegate_set_user(tx, d->id, u.id);
}

enum rd_err demo_floor_write(struct store_tx *tx, int64_t now)
{
	int64_t term = 0, session = 0, dg[N_DELEGATIONS] = {0}, plenary[4] = {0}, presidium[12];
	size_t npresidium = 0;
	struct delegate d;
	enum rd_err rc;
	char detail[256];

	rc = term_create(tx, 17, "示范县第十七届人民代表大会", &term);
	if (!rc)
		rc = session_create(tx, term, 2, "示范县第十七届人民代表大会第二次会议", &session);
	for (size_t i = 0; !rc && i < N_DELEGATIONS; i++)
		rc = delegation_create(tx, term, delegations[i], (int64_t)i + 1, &dg[i]);
	for (size_t i = 0; !rc && i < DEMO_DELEGATES; i++) {
		memset(&d, 0, sizeof(d));
		d.term_id = term;
		if (i < N_LINKED)
			str_copy(d.name, sizeof(d.name), linked[i].name);
		else
			snprintf(d.name, sizeof(d.name), "%s%s",
				 surnames[(i * 7) % (sizeof(surnames) / sizeof(surnames[0]))],
				 given[(i * 11) % (sizeof(given) / sizeof(given[0]))]);
		str_copy(d.gender, sizeof(d.gender), i % 3 == 1 ? "female" : "male");
		str_copy(d.ethnicity, sizeof(d.ethnicity), ethnicities[i % 10]);
		snprintf(d.birth_date, sizeof(d.birth_date), "%04zu-%02zu-%02zu", 1960 + i % 35,
			 1 + i % 12, 1 + i % 28);
		str_copy(d.party, sizeof(d.party), parties[i % 8]);
		str_copy(d.occupation, sizeof(d.occupation), occupations[i % 14]);
		d.delegation_id = dg[i % N_DELEGATIONS];
		snprintf(d.constituency, sizeof(d.constituency), "第%zu选区", 1 + i / 2);
		snprintf(d.seat, sizeof(d.seat), "%zu排%zu座", 1 + i / 20, 1 + i % 20);
		snprintf(d.card_code, sizeof(d.card_code), "DEMO%04zu", i + 1);
		rc = delegate_create(tx, &d);
		if (!rc)
			rc = link_account(tx, &d, i);
		if (!rc && i % 17 == 0 && npresidium < 12)
			presidium[npresidium++] = d.id;
		/* Real rolls change: one resigned, one suspended. */
		if (!rc && i == 197)
			rc = delegate_set_status(tx, d.id, "terminated", "2026-01-10",
						 "辞去代表职务");
		if (!rc && i == 198)
			rc = delegate_set_status(tx, d.id, "suspended", "2026-02-01",
						 "因涉嫌违法被依法暂停执行代表职务");
	}
	if (!rc)
		rc = presidium_set(tx, session, presidium, npresidium);
	for (int i = 1; !rc && i <= 3; i++) {
		char title[64];

		snprintf(title, sizeof(title), "第%s次全体会议",
			 i == 1	  ? "一"
			 : i == 2 ? "二"
				  : "三");
		rc = plenary_create(tx, session, i, title, "", &plenary[i]);
	}
	for (size_t i = 0; !rc && i < sizeof(agenda) / sizeof(agenda[0]); i++) {
		struct agenda_item it = {.plenary_id = plenary[agenda[i].plenary]};

		str_copy(it.title, sizeof(it.title), agenda[i].title);
		rc = agenda_add(tx, &it);
		if (!rc && agenda[i].plenary == 3) {
			/* The title of the vote: what is being adopted. */
			struct poll p = {.plenary_id = it.plenary_id, .agenda_item_id = it.id};

			str_copy(p.title, sizeof(p.title), agenda[i].title + strlen("表决"));
			rc = poll_create(tx, &p);
		}
	}
	if (rc)
		return rc;
	snprintf(detail, sizeof(detail),
		 "{\"term\":17,\"session\":2,\"delegates\":%d,\"delegations\":%zu}", DEMO_DELEGATES,
		 N_DELEGATIONS);
	return audit_append(tx, now, "renda-setup", "demo.floor", "session:2", detail, NULL);
}
