/*
 * opinions_bench.c — the public channel (社情民意) at the scale of years of a
 * county's issues: a generator of realistic Chinese issues, the latency of
 * the issues' search through the store (opinions_search + op_match_expr,
 * the API's own path) next to plain SQLite references on the same data, and
 * store-level submissions next to a raw SQLite insert loop.
 *
 * usage:
 *   opinions_bench seed DB N             N issues into DB (after renda init)
 *   opinions_bench queries               the query mix, one per line (TSV)
 *   opinions_bench search DB ROUNDS      markdown rows: search latencies
 *   opinions_bench submit DB SECONDS     markdown rows: submissions per second
 *   opinions_bench explain DB SQL Q      a statement's plan and time, ?1 = Q's match
 *
 * The generator writes through renda's schema (migration 7): the triggers
 * fill opinions_fts with the renda_zh tokenizer as a submission would. Ids
 * follow submission time, spread over three years; titles and contents are
 * put together from phrases of county life (roads, schools, clinics, water,
 * heating, street lights ...) in 20 townships and their villages, some
 * common and some rare, so that queries hit from a handful to hundreds of
 * thousands of issues. Deterministic: the same N gives the same data.
 */
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "store/fts_zh.h"
#include "store/opinions.h"
#include "store/store.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- vocabulary ---- */

static const char *const places[] = {
	"城关镇",   "南关镇", "东坝镇", "西河镇", "北山乡", "李家乡",	"王庄乡",
	"柳树乡",   "石门镇", "高桥镇", "青龙乡", "白马镇", "新华街道", "文昌街道",
	"河东街道", "杨柳镇", "三合乡", "双井镇", "红星乡", "金沙镇",
};

static const char *const villages[] = {
	"王庄村",   "李家村",	"张湾村",   "刘家沟村", "陈家坝村", "杨树村",	"黄土岭村",
	"赵庄村",   "周家寨村", "吴家湾村", "孙家庄村", "马家河村", "朱家山村", "胡家村",
	"郭家洼村", "何家岭村", "高家堡村", "林场村",	"罗家坪村", "梁家村",	"幸福小区",
	"阳光花园", "锦绣家园", "东街社区", "西街社区", "南门社区", "北关社区", "新村",
};

struct topic {
	const char *category;
	int weight; /* per cent of issues */
	const char *const *subjects;
	size_t nsubjects;
	const char *const *problems;
	size_t nproblems;
	const char *const *details;
	size_t ndetails;
};

/* Subjects and problems are drawn with a skew: the first are common, the
 * last rare. */
static const char *const road_s[] = {
	"道路",	  "村道",   "路灯",   "乡道",	  "红绿灯",	  "公交站台",
	"桥梁",	  "人行道", "停车场", "客运班车", "G105国道路口", "县道X032",
	"排水沟", "减速带", "漫水桥", "隧道照明",
};
static const char *const road_p[] = {
	"坑洼不平",	"年久失修", "路面破损严重", "晚上不亮",	    "经常堵车", "缺少护栏",
	"雨后积水严重", "班次太少", "存在安全隐患", "标志标线不清", "长期占道",
};
static const char *const road_d[] = {
	"大车经过时尘土飞扬",	  "去年已经发生过两起交通事故", "学生上下学都要走这条路",
	"晚上骑电动车很容易摔倒", "村民多次自发填补坑洞",	"农用车经常陷在泥里",
	"路边杂草遮挡了视线",	  "修了一半就停工了",
};
static const char *const edu_s[] = {
	"学校", "小学", "幼儿园",   "中学食堂",	  "校车",
	"操场", "教室", "学生宿舍", "寄宿制学校", "乡村少年宫",
};
static const char *const edu_p[] = {
	"师资不足",   "校舍老旧",	  "上学路远",	  "收费不合理",
	"饭菜质量差", "冬天取暖设施不足", "没有专职校医",
};
static const char *const edu_d[] = {
	"一个老师要教三个年级",		"孩子每天要走一个多小时山路", "教室窗户漏风",
	"家长反映伙食费涨了但饭菜没变", "校车座位不够经常超载",	      "操场还是泥地",
};
static const char *const health_s[] = {
	"卫生院", "村卫生室", "县医院",	      "诊所",	      "药店",
	"救护车", "医保报销", "家庭医生签约", "核磁共振检查",
};
static const char *const health_p[] = {
	"缺医少药",   "看病排队时间长",	  "设备陈旧", "报销手续繁琐",
	"服务态度差", "夜间没有值班医生", "药价偏高",
};
static const char *const health_d[] = {
	"老人看病要坐两个小时车到县城", "慢性病的药经常断供",	"挂号要提前一天去排队",
	"异地就医报销要跑好几趟",	"村医年纪大了没人接班", "急诊晚上找不到人",
};
static const char *const env_s[] = {
	"河道",	  "垃圾站",   "养猪场",	  "化工厂", "生活污水",
	"采石场", "秸秆焚烧", "建筑工地", "砖厂",   "尾矿库",
};
static const char *const env_p[] = {
	"污染严重", "臭味很大", "垃圾堆积没人清运", "排放超标",
	"噪音扰民", "粉尘大",	"死鱼漂在水面",
};
static const char *const env_d[] = {
	"夏天气味熏得人不敢开窗", "河水颜色发黑",	"附近的庄稼都受了影响",
	"晚上十点以后还在施工",	  "群众多次向镇里反映", "孩子咳嗽的越来越多",
};
static const char *const agri_s[] = {
	"灌溉水渠", "农田", "机耕路",	"种子",	      "化肥",	  "农产品销售",
	"蔬菜大棚", "果园", "土地流转", "高标准农田", "光伏电站",
};
static const char *const agri_p[] = {
	"年久失修", "灌溉用水不够", "价格上涨太快", "质量有问题",
	"卖不出去", "补贴没有发放", "租金拖欠",
};
static const char *const agri_d[] = {
	"今年的玉米减产了三成", "苹果烂在地里没人收",	  "买到的种子出苗率很低",
	"水渠塌了一段没人修",	"合作社的分红一直没兑现", "雨季农田被淹",
};
static const char *const soc_s[] = {
	"养老金", "低保", "残疾人补贴", "敬老院", "医疗救助", "高龄津贴", "五保户供养", "临时救助",
};
static const char *const soc_p[] = {
	"发放不及时", "认定不公平", "标准太低", "申请手续复杂", "条件太差", "名额有限",
};
static const char *const soc_d[] = {
	"有的家庭条件好也吃上了低保", "老人一个人住没人照顾", "申请材料交了三次还没批",
	"补贴两个月没到账",	      "敬老院冬天没有暖气",
};
static const char *const house_s[] = {
	"供暖",	  "自来水", "小区物业", "老旧小区改造", "危房改造",
	"天然气", "电梯",   "化粪池",	"楼顶防水",
};
static const char *const house_p[] = {
	"温度不达标", "经常停水", "收费不合理", "迟迟没有动工", "漏水严重", "经常停气", "故障频发",
};
static const char *const house_d[] = {
	"屋里只有十四度老人孩子受冻", "水龙头放出来的水发黄", "物业费年年涨服务不见好",
	"楼道墙皮大面积脱落",	      "下雨天屋里到处漏水",   "电梯一个月坏了三次",
};
static const char *const safe_s[] = {
	"监控摄像头", "消防通道", "电动车充电", "防汛设施", "路口", "山体滑坡", "燃气管道", "河堤",
};
static const char *const safe_p[] = {
	"损坏没人修", "被杂物堵塞", "存在火灾隐患", "年久失修", "存在安全隐患", "无人看管",
};
static const char *const safe_d[] = {
	"楼道里停满了电动车", "去年汛期河堤差点决口", "夜里经常有人偷东西",
	"雨后山上有石头滚落", "小孩子经常到河边玩水",
};
static const char *const job_s[] = {
	"农民工工资", "就业培训", "创业贷款", "招聘信息", "公益岗位", "社保缴费",
};
static const char *const job_p[] = {
	"被拖欠", "内容不实用", "申请太难", "发布不及时", "分配不公开", "断缴补缴困难",
};
static const char *const job_d[] = {
	"包工头拖欠了大半年的工资",
	"培训完了也找不到工作",
	"贷款要担保人找不到",
	"年纪大的人找不到活干",
};
static const char *const other_s[] = {
	"办事窗口", "政务服务大厅", "手机信号", "快递网点",
	"集市",	    "广场舞",	    "网络宽带", "公共厕所",
};
static const char *const other_p[] = {
	"排队太久", "信号很差", "收费太高", "噪音扰民", "卫生条件差", "经常断网",
};
static const char *const other_d[] = {
	"办一个证要跑好几次",
	"山里打电话要爬到坡上",
	"取快递要去镇上",
	"每天晚上音乐放到十点",
};

#define TOPIC(cat, w, p)                                                                           \
	{                                                                                          \
		cat, w, p##_s, COUNT(p##_s), p##_p, COUNT(p##_p), p##_d, COUNT(p##_d)              \
	}

static const struct topic topics[] = {
	TOPIC("roads_transport", 22, road), TOPIC("education", 10, edu),
	TOPIC("health", 10, health),	    TOPIC("environment", 8, env),
	TOPIC("agriculture", 12, agri),	    TOPIC("social_security", 8, soc),
	TOPIC("housing", 12, house),	    TOPIC("public_safety", 6, safe),
	TOPIC("employment", 5, job),	    TOPIC("other", 7, other),
};

static const char *const durations[] = {
	"已经有两年多了", "已经持续半年", "从去年冬天开始",
	"好几个月了",	  "一直没有解决", "今年以来越来越严重",
};
static const char *const impacts[] = {
	"群众出行十分不便",   "老人孩子受影响最大",   "村民意见很大",
	"严重影响了正常生活", "周边商户生意受到影响", "大家都很着急",
};
static const char *const asks[] = {
	"希望有关部门尽快解决", "恳请人大代表帮忙反映", "建议列入明年的民生实事项目",
	"请政府重视这个问题",	"希望尽快派人来看看",
};
static const char *const answers[] = {
	"已协调有关部门处理，问题已解决。",
	"已纳入年度计划，预计年底前完成。",
	"已转交主管部门，并督促限期答复。",
};

/* ---- a deterministic generator ---- */

static uint64_t rng = 0x2545F4914F6CDD1DULL;

static uint64_t next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static size_t pick(size_t n)
{
	return (size_t)(next() % n);
}

/* Skewed: index 0 most often, the last rarely (about 1/n² of the first). */
static size_t pick_skewed(size_t n)
{
	double r = (double)(next() >> 11) / 9007199254740992.0;

	return (size_t)(r * r * r * (double)n);
}

static const struct topic *pick_topic(void)
{
	int r = (int)pick(100);

	for (size_t i = 0; i < COUNT(topics); i++) {
		if (r < topics[i].weight)
			return &topics[i];
		r -= topics[i].weight;
	}
	return &topics[0];
}

/* YYYY-MM-DD in Asia/Shanghai (UTC+8, no summer time) of ms. */
static void shanghai_day(int64_t ms, char out[16])
{
	time_t t = (time_t)((ms + 8 * 3600 * 1000LL) / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

/* A tracking code from the row number: unique (an odd multiplier is a
 * bijection mod 2^60), 12 characters of a 32-letter alphabet. */
static void make_code(uint64_t i, char out[16])
{
	static const char abc[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ0";
	uint64_t v = (i * 0x9E3779B97F4A7C15ULL) & ((1ULL << 60) - 1);
	int k = 0;

	for (int c = 0; c < 12; c++) {
		if (c && c % 4 == 0)
			out[k++] = '-';
		out[k++] = abc[v & 31];
		v >>= 5;
	}
	out[k] = '\0';
}

struct issue {
	char code[16], title[OP_TITLE], content[1024], place[OP_PLACE], on[16], closed_on[16];
	const char *category, *state, *answer;
	int64_t at, closed_at;
};

#define START_MS 1701360000000LL /* 2023-11-30 16:00 UTC = 2023-12-01 Shanghai */
#define SPAN_MS	 (1096LL * 86400000LL)

static void make_issue(uint64_t i, uint64_t n, struct issue *x)
{
	const struct topic *t = pick_topic();
	const char *place = places[pick_skewed(COUNT(places) * 2) % COUNT(places)];
	const char *village = villages[pick(COUNT(villages))];
	const char *subject = t->subjects[pick_skewed(t->nsubjects)];
	const char *problem = t->problems[pick_skewed(t->nproblems)];
	int64_t age;

	make_code(i + 1, x->code);
	snprintf(x->place, sizeof(x->place), "%s", place);
	x->category = t->category;
	x->at = START_MS + (int64_t)(i * (uint64_t)SPAN_MS / n);
	shanghai_day(x->at, x->on);
	switch (pick(4)) {
	case 0:
		snprintf(x->title, sizeof(x->title), "%s%s%s", village, subject, problem);
		break;
	case 1:
		snprintf(x->title, sizeof(x->title), "关于%s%s%s的问题", place, subject, problem);
		break;
	case 2:
		snprintf(x->title, sizeof(x->title), "%s%s%s，%s", village, subject, problem,
			 asks[pick(COUNT(asks))]);
		break;
	default:
		snprintf(x->title, sizeof(x->title), "%s%s%s", place, subject, problem);
	}
	snprintf(x->content, sizeof(x->content), "我是%s%s的村民，我们这里的%s%s，%s。%s，%s。%s。",
		 place, village, subject, problem, durations[pick(COUNT(durations))],
		 t->details[pick(t->ndetails)], impacts[pick(COUNT(impacts))],
		 asks[pick(COUNT(asks))]);
	/* Older issues are mostly answered; recent ones still on their way. */
	age = START_MS + SPAN_MS - x->at;
	x->closed_at = 0;
	x->closed_on[0] = '\0';
	x->answer = "";
	if (age > 90LL * 86400000LL) {
		static const char *const old[] = {"closed",   "closed", "closed", "closed",
						  "closed",   "closed", "closed", "suggested",
						  "rejected", "merged", "taken",  "routed"};
		x->state = old[pick(COUNT(old))];
	} else {
		static const char *const recent[] = {"submitted", "routed", "taken", "closed"};
		x->state = recent[pick(COUNT(recent))];
	}
	if (strcmp(x->state, "closed") == 0) {
		x->closed_at =
			x->at + (int64_t)(3 + pick(60)) * 86400000LL + (int64_t)pick(86400000);
		shanghai_day(x->closed_at, x->closed_on);
		x->answer = answers[pick(COUNT(answers))];
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die_sql(sqlite3 *db, const char *what)
{
	fprintf(stderr, "opinions_bench: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

static sqlite3 *open_raw(const char *path)
{
	sqlite3 *db = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK || fts_zh_register(db) != SQLITE_OK)
		die_sql(db, path);
	sqlite3_busy_timeout(db, 10000);
	/* Experiments: OPINIONS_PRAGMAS="PRAGMA mmap_size = ..." on the raw
	 * connections (explain, references). */
	if (getenv("OPINIONS_PRAGMAS") &&
	    sqlite3_exec(db, getenv("OPINIONS_PRAGMAS"), NULL, NULL, NULL) != SQLITE_OK)
		die_sql(db, "OPINIONS_PRAGMAS");
	return db;
}

static int seed(const char *path, uint64_t n)
{
	sqlite3 *db = open_raw(path);
	sqlite3_stmt *ins = NULL, *contact = NULL;
	struct issue x;
	double t0 = now_s();

	if (sqlite3_exec(db, "PRAGMA synchronous = OFF; PRAGMA cache_size = -524288;", NULL, NULL,
			 NULL) != SQLITE_OK)
		die_sql(db, "pragmas");
	if (sqlite3_prepare_v2(
		    db,
		    "INSERT INTO opinions (id, code, title, content, place, category,"
		    " state, answer, answered_by, submitted_at, submitted_on, closed_at,"
		    " closed_on, taken_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    -1, &ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(
		    db, "INSERT INTO opinion_contacts (opinion_id, name, phone) VALUES (?, ?, ?)",
		    -1, &contact, NULL) != SQLITE_OK)
		die_sql(db, "prepare");
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	for (uint64_t i = 0; i < n; i++) {
		bool closed;

		make_issue(i, n, &x);
		closed = x.closed_at != 0;
		sqlite3_bind_int64(ins, 1, (sqlite3_int64)i + 1);
		sqlite3_bind_text(ins, 2, x.code, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, x.title, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, x.content, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, x.place, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 6, x.category, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 7, x.state, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 8, x.answer, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 9, closed ? "县人大代表" : "", -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 10, x.at);
		sqlite3_bind_text(ins, 11, x.on, -1, SQLITE_STATIC);
		if (closed) {
			sqlite3_bind_int64(ins, 12, x.closed_at);
			sqlite3_bind_text(ins, 13, x.closed_on, -1, SQLITE_STATIC);
		} else {
			sqlite3_bind_null(ins, 12);
			sqlite3_bind_null(ins, 13);
		}
		if (strcmp(x.state, "submitted") && strcmp(x.state, "routed"))
			sqlite3_bind_int64(ins, 14, x.at + 86400000LL);
		else
			sqlite3_bind_null(ins, 14);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die_sql(db, "insert");
		sqlite3_reset(ins);
		if (i % 5 < 3) {
			char phone[16];

			snprintf(phone, sizeof(phone), "138%08llu",
				 (unsigned long long)(i * 7919 % 100000000));
			sqlite3_bind_int64(contact, 1, (sqlite3_int64)i + 1);
			sqlite3_bind_text(contact, 2, "张女士", -1, SQLITE_STATIC);
			sqlite3_bind_text(contact, 3, phone, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(contact) != SQLITE_DONE)
				die_sql(db, "contact");
			sqlite3_reset(contact);
		}
		if ((i + 1) % 50000 == 0) {
			sqlite3_exec(db, "COMMIT; BEGIN", NULL, NULL, NULL);
			fprintf(stderr, "\r  %llu issues, %.0f s", (unsigned long long)i + 1,
				now_s() - t0);
		}
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		die_sql(db, "commit");
	fprintf(stderr, "\r  %llu issues in %.0f s; optimizing the index ...\n",
		(unsigned long long)n, now_s() - t0);
	/* What a maintenance job would do after a bulk load: one b-tree per
	 * index instead of the many segments of a million inserts. */
	if (sqlite3_exec(db,
			 "INSERT INTO opinions_fts (opinions_fts) VALUES ('optimize'); ANALYZE;",
			 NULL, NULL, NULL) != SQLITE_OK)
		die_sql(db, "optimize");
	fprintf(stderr, "  seeded and optimized in %.0f s\n", now_s() - t0);
	sqlite3_finalize(ins);
	sqlite3_finalize(contact);
	sqlite3_close(db);
	return 0;
}

/* ---- the query mix ---- */

struct query {
	const char *name; /* what it stands for */
	const char *q;
	const char *category, *place;
};

static const struct query queries[] = {
	{"2-char word, very common", "道路", NULL, NULL},
	{"2-char word, common", "路灯", NULL, NULL},
	{"2-char word, common", "供暖", NULL, NULL},
	{"2-char word, rare", "滑坡", NULL, NULL},
	{"2-char word, rare", "电梯", NULL, NULL},
	{"2-char word, in almost every issue", "希望", NULL, NULL},
	{"1 character", "医", NULL, NULL},
	{"4-char phrase", "年久失修", NULL, NULL},
	{"4-char phrase", "排队时间", NULL, NULL},
	{"4-char phrase, rare", "光伏电站", NULL, NULL},
	{"two words", "路灯 晚上", NULL, NULL},
	{"2-char word + category", "道路", "roads_transport", NULL},
	{"2-char word + other category (few hits)", "道路", "health", NULL},
	{"2-char word + place", "路灯", NULL, "城关镇"},
	{"2-char word + rare place", "学校", NULL, "金沙镇"},
	{"4-char phrase + category + place", "年久失修", "agriculture", "石门镇"},
	{"no hit", "地铁", NULL, NULL},
	{"category only (no text)", NULL, "health", NULL},
};

static int list_queries(void)
{
	for (size_t i = 0; i < COUNT(queries); i++)
		printf("%s\t%s\t%s\t%s\n", queries[i].name, queries[i].q ? queries[i].q : "",
		       queries[i].category ? queries[i].category : "",
		       queries[i].place ? queries[i].place : "");
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Nearest rank. */
static double pct(const double *v, size_t n, double p)
{
	size_t k = (size_t)(p * (double)n + 0.999999);

	return v[k ? k - 1 : 0];
}

struct search_ctx {
	struct op_filter f;
	char expr[512];
	int64_t total;
	bool capped;
	int rows;
};

static int count_row(const struct opinion *o, void *ctx)
{
	(void)o;
	((struct search_ctx *)ctx)->rows++;
	return 0;
}

static enum rd_err search_fn(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	struct search_ctx *c = ctx;

	(void)err;
	c->rows = 0;
	return opinions_search(tx, &c->f, count_row, c, &c->total, &c->capped);
}

static void row(const char *name, const char *what, double *ms, size_t n, const char *hits)
{
	qsort(ms, n, sizeof(*ms), cmp_double);
	printf("| %s | %s | %s | %.2f | %.2f | %.2f | %.2f |\n", name, what, hits, pct(ms, n, 0.5),
	       pct(ms, n, 0.95), pct(ms, n, 0.99), ms[n - 1]);
}

static int search(const char *path, int rounds)
{
	struct store_options opt = {.path = path};
	struct rd_error err = {0};
	struct store *s = NULL;
	struct search_ctx c;
	double *ms = calloc((size_t)rounds * COUNT(queries) + 1000, sizeof(double));
	double *all = ms;
	size_t nall = 0;
	sqlite3 *db;
	sqlite3_stmt *st;
	char like[128], hits[64];

	if (!ms || store_open(&opt, &s, &err)) {
		fprintf(stderr, "opinions_bench: cannot open %s: %s\n", path, err.message);
		return 1;
	}
	printf("| case | query | matches (total) | p50 ms | p95 ms | p99 ms | max ms |\n");
	printf("|---|---|---|---|---|---|---|\n");
	for (size_t qi = 0; qi < COUNT(queries); qi++) {
		const struct query *q = &queries[qi];
		double *m = all + nall;
		char label[256];

		memset(&c, 0, sizeof(c));
		if (q->q && !op_match_expr(q->q, c.expr, sizeof(c.expr)))
			return 1;
		c.f.match = q->q ? c.expr : NULL;
		c.f.category = q->category;
		c.f.place = q->place;
		c.f.limit = 20;
		store_read(s, search_fn, &c, &err); /* warm */
		for (int r = 0; r < rounds; r++) {
			double t0 = now_s();

			if (store_read(s, search_fn, &c, &err) != RD_OK) {
				fprintf(stderr, "opinions_bench: search failed: %s\n", err.message);
				return 1;
			}
			m[r] = (now_s() - t0) * 1000;
		}
		nall += (size_t)rounds;
		snprintf(label, sizeof(label), "%s%s%s%s%s", q->q ? q->q : "(none)",
			 q->category ? " + category " : "", q->category ? q->category : "",
			 q->place ? " + place " : "", q->place ? q->place : "");
		snprintf(hits, sizeof(hits), "%s%lld", c.capped ? "≥ " : "", (long long)c.total);
		row(q->name, label, m, (size_t)rounds, hits);
	}
	row("**all queries above**", "opinions_search, 20 newest + total", all, nall, "");
	store_free(s);

	/* References on the same file, plain SQLite. */
	db = open_raw(path);
	sqlite3_exec(db, "PRAGMA query_only = 1", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "SELECT title, content FROM opinions WHERE id = ?", -1, &st, NULL);
	for (int r = 0; r < 1000; r++) {
		double t0 = now_s();

		sqlite3_bind_int64(st, 1, (sqlite3_int64)(next() % 1000000) + 1);
		while (sqlite3_step(st) == SQLITE_ROW)
			;
		sqlite3_reset(st);
		all[r] = (now_s() - t0) * 1000;
	}
	sqlite3_finalize(st);
	row("reference: one issue by id (primary key)", "-", all, 1000, "1");
	sqlite3_prepare_v2(db,
			   "SELECT rowid FROM opinions_fts WHERE opinions_fts MATCH ?"
			   " ORDER BY rowid DESC LIMIT 20",
			   -1, &st, NULL);
	for (size_t qi = 0; qi < 2; qi++) {
		const char *q = qi ? "滑坡" : "道路";

		op_match_expr(q, c.expr, sizeof(c.expr));
		for (int r = 0; r < rounds; r++) {
			double t0 = now_s();

			sqlite3_bind_text(st, 1, c.expr, -1, SQLITE_STATIC);
			while (sqlite3_step(st) == SQLITE_ROW)
				;
			sqlite3_reset(st);
			all[r] = (now_s() - t0) * 1000;
		}
		row("reference: the FTS5 index alone, 20 newest rowids", q, all, (size_t)rounds,
		    "");
	}
	sqlite3_finalize(st);
	/* What the index saves: LIKE reads every row to find a rare word (or
	 * to count a common one). */
	sqlite3_prepare_v2(db,
			   "SELECT id FROM opinions WHERE title LIKE ?1 OR content LIKE ?1"
			   " ORDER BY id DESC LIMIT 20",
			   -1, &st, NULL);
	for (size_t qi = 0; qi < 2; qi++) {
		const char *q = qi ? "滑坡" : "道路";
		int n = 0, r;

		snprintf(like, sizeof(like), "%%%s%%", q);
		for (r = 0; r < 3; r++) {
			double t0 = now_s();

			sqlite3_bind_text(st, 1, like, -1, SQLITE_STATIC);
			n = 0;
			while (sqlite3_step(st) == SQLITE_ROW)
				n++;
			sqlite3_reset(st);
			all[r] = (now_s() - t0) * 1000;
		}
		snprintf(hits, sizeof(hits), "page of %d", n);
		row("reference: LIKE '%词%' scan, 20 newest", q, all, 3, hits);
	}
	sqlite3_finalize(st);
	sqlite3_prepare_v2(db,
			   "SELECT count(*) FROM opinions WHERE title LIKE ?1 OR content LIKE ?1",
			   -1, &st, NULL);
	snprintf(like, sizeof(like), "%%%s%%", "道路");
	for (int r = 0; r < 3; r++) {
		double t0 = now_s();

		sqlite3_bind_text(st, 1, like, -1, SQLITE_STATIC);
		sqlite3_step(st);
		snprintf(hits, sizeof(hits), "%lld", (long long)sqlite3_column_int64(st, 0));
		sqlite3_reset(st);
		all[r] = (now_s() - t0) * 1000;
	}
	sqlite3_finalize(st);
	row("reference: LIKE '%词%' scan, count", "道路", all, 3, hits);
	sqlite3_close(db);
	free(ms);
	return 0;
}

/* ---- submissions ---- */

static atomic_long submitted;
static atomic_bool stop;
static _Atomic uint64_t serial = 2000000000ULL;

struct submit_ctx {
	struct opinion o;
};

static enum rd_err submit_fn(struct store_tx *tx, void *ctx, struct rd_error *err)
{
	struct submit_ctx *c = ctx;
	enum rd_err rc;

	bool seen = false;

	(void)err;
	/* As POST /api/public/opinions: the same text within a day is refused. */
	rc = opinion_seen(tx, c->o.title, c->o.content, c->o.submitted_at - 86400000LL, &seen);
	if (rc == RD_OK && seen)
		rc = RD_ECONFLICT;
	if (rc == RD_OK)
		rc = opinion_create(tx, &c->o, "李先生", "13900000000");
	if (rc == RD_OK)
		rc = opinion_event(tx, c->o.id, c->o.submitted_at, "", "submit", "", true);
	return rc;
}

static void fill_submission(struct opinion *o)
{
	struct issue x;
	uint64_t i = atomic_fetch_add(&serial, 1);

	make_issue(i % 1000000, 1000000, &x);
	memset(o, 0, sizeof(*o));
	make_code(i, o->code);
	snprintf(o->title, sizeof(o->title), "%s", x.title);
	snprintf(o->content, sizeof(o->content), "%s（%llu）", x.content, (unsigned long long)i);
	snprintf(o->place, sizeof(o->place), "%s", x.place);
	snprintf(o->category, sizeof(o->category), "%s", x.category);
	snprintf(o->state, sizeof(o->state), "submitted");
	/* 200 days after the seeded three years: the duplicate check
	 * (opinion_seen) sees the rows of this run, not those of the HTTP run
	 * before it (which are dated by the server's clock). */
	o->submitted_at = START_MS + SPAN_MS + 200 * 86400000LL;
	shanghai_day(o->submitted_at, o->submitted_on);
}

static void *submitter(void *arg)
{
	struct store *s = arg;
	struct submit_ctx *c = malloc(sizeof(*c));
	struct rd_error err = {0};

	while (c && !atomic_load(&stop)) {
		fill_submission(&c->o);
		if (store_write(s, submit_fn, c, &err) != RD_OK) {
			fprintf(stderr, "opinions_bench: submit failed: %s\n", err.message);
			exit(1);
		}
		atomic_fetch_add(&submitted, 1);
	}
	free(c);
	return NULL;
}

static int submit(const char *path, double secs)
{
	static const int threads[] = {1, 16};
	struct store_options opt = {.path = path};
	struct rd_error err = {0};
	struct store *s = NULL;
	sqlite3 *db;
	sqlite3_stmt *ins;
	struct opinion *o = malloc(sizeof(*o));
	long n = 0;
	double t0, t;

	/* Codes of their own in each run, so that a data folder can be used
	 * again (OPINIONS_DATA). */
	atomic_store(&serial, 2000000000ULL + (uint64_t)time(NULL) * 1000000ULL);
	printf("| case | writer threads | issues stored | issues/s |\n|---|---|---|---|\n");
	/* The reference: the same row (and its FTS5 entries, by the trigger)
	 * in its own durable transaction, one after another. */
	db = open_raw(path);
	sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO opinions (code, title, content, place, category,"
			       " submitted_at, submitted_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
			       -1, &ins, NULL) != SQLITE_OK)
		die_sql(db, "prepare");
	t0 = now_s();
	do {
		fill_submission(o);
		/* Five days earlier: these rows stay out of the days that
		 * opinion_seen looks at in the store runs below. */
		o->submitted_at -= 5 * 86400000LL;
		shanghai_day(o->submitted_at, o->submitted_on);
		sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
		sqlite3_bind_text(ins, 1, o->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, o->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, o->content, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, o->place, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, o->category, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 6, o->submitted_at);
		sqlite3_bind_text(ins, 7, o->submitted_on, -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die_sql(db, "insert");
		sqlite3_reset(ins);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		n++;
		t = now_s() - t0;
	} while (t < secs);
	printf("| raw SQLite INSERT INTO opinions (FTS trigger), one durable transaction each"
	       " (reference) | 1 | %ld | %.0f |\n",
	       n, (double)n / t);
	sqlite3_finalize(ins);
	sqlite3_close(db);
	free(o);

	if (store_open(&opt, &s, &err)) {
		fprintf(stderr, "opinions_bench: cannot open %s: %s\n", path, err.message);
		return 1;
	}
	for (size_t k = 0; k < COUNT(threads); k++) {
		pthread_t th[64];

		atomic_store(&submitted, 0);
		atomic_store(&stop, false);
		t0 = now_s();
		for (int i = 0; i < threads[k]; i++)
			pthread_create(&th[i], NULL, submitter, s);
		while (now_s() - t0 < secs) {
			struct timespec ts = {0, 50000000};

			nanosleep(&ts, NULL);
		}
		atomic_store(&stop, true);
		for (int i = 0; i < threads[k]; i++)
			pthread_join(th[i], NULL);
		t = now_s() - t0;
		printf("| store_write(opinion_seen + opinion_create + opinion_event), group commit "
		       "| %d | %ld | %.0f "
		       "|\n",
		       threads[k], atomic_load(&submitted), (double)atomic_load(&submitted) / t);
	}
	store_free(s);
	return 0;
}

/* One statement with ?1 bound to op_match_expr(q): its plan, rows and time
 * (best of 5). For finding out why a search is slow. */
static int explain(const char *path, const char *sql, const char *q)
{
	sqlite3 *db = open_raw(path);
	sqlite3_stmt *st = NULL;
	struct buf b;
	char expr[512];
	double best = 1e9;
	long rows = 0;

	if (!op_match_expr(q, expr, sizeof(expr)))
		return 1;
	buf_init(&b, 1 << 16);
	buf_printf(&b, "EXPLAIN QUERY PLAN %s", sql);
	if (sqlite3_prepare_v2(db, buf_str(&b), -1, &st, NULL) != SQLITE_OK)
		die_sql(db, "explain");
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		printf("  plan: %d %d %s\n", sqlite3_column_int(st, 0), sqlite3_column_int(st, 1),
		       (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	buf_release(&b);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die_sql(db, "prepare");
	for (int r = 0; r < 5; r++) {
		double t0 = now_s(), t;

		sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
		rows = 0;
		while (sqlite3_step(st) == SQLITE_ROW)
			rows++;
		sqlite3_reset(st);
		t = (now_s() - t0) * 1000;
		if (t < best)
			best = t;
	}
	printf("  %ld rows, best of 5: %.2f ms\n", rows, best);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "explain") == 0)
		return explain(argv[2], argv[3], argv[4]);
	if (argc >= 2 && strcmp(argv[1], "queries") == 0)
		return list_queries();
	if (argc == 4 && strcmp(argv[1], "seed") == 0)
		return seed(argv[2], strtoull(argv[3], NULL, 10));
	/* search and submit measure a seeded database: opening a missing one
	 * would create an empty database and time nothing. */
	if (argc == 4 && (strcmp(argv[1], "search") == 0 || strcmp(argv[1], "submit") == 0) &&
	    access(argv[2], R_OK | W_OK) != 0) {
		fprintf(stderr, "opinions_bench: %s: %s (seed it first)\n", argv[2],
			strerror(errno));
		return 1;
	}
	if (argc == 4 && strcmp(argv[1], "search") == 0)
		return search(argv[2], (int)strtol(argv[3], NULL, 10));
	if (argc == 4 && strcmp(argv[1], "submit") == 0)
		return submit(argv[2], strtod(argv[3], NULL));
	fprintf(stderr, "usage: opinions_bench seed DB N | queries | search DB ROUNDS |"
			" submit DB SECONDS\n");
	return 2;
}
