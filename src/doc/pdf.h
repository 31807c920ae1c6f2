/*
 * pdf.h — printable documents of the session floor: delegate cards (代表证),
 * the record of a vote (表决结果), the ballot of an election (选票) and its
 * announcement (公告).
 *
 * Drawn with cairo + pango into an A4 PDF in memory, in the Noto CJK fonts
 * (fonts-noto-cjk: "Noto Serif CJK SC" for titles, "Noto Sans CJK SC" for the
 * rest), embedded as subsets so that the PDF prints and searches the same on
 * any machine. QR codes come from libqrencode. Text is always set as plain
 * text, never as markup. The functions may be called from any thread; they
 * take turns on one private font map (printing is rare, fonts are big).
 */
#ifndef RD_DOC_PDF_H
#define RD_DOC_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

#define PDF_MAX_ITEMS 10000 /* cards per call, lines per record */

struct pdf_card {
	const char *name;	/* 张桂英 (required) */
	const char *delegation; /* 城关镇代表团, or NULL/"" */
	const char *seat;	/* "3排12座", or NULL/"" */
	const char
		*qr_text; /* what the QR code encodes (a short check-in code); NULL/"": no code */
};

/*
 * Appends to out a PDF of A4 pages of delegate cards (代表证), 2 × 4 per page
 * (95 × 65 mm each, with cut lines and crop marks): the congress's name as a
 * header, 代表证, the delegate's name large (shrunk to fit a long name), the
 * delegation and seat, and a QR code of qr_text with the text printed under it.
 * out is the caller's buffer with the caller's cap; the caller releases it.
 * Failure: RD_EINVAL (no cards, a missing name, text that is not UTF-8, a
 * qr_text too long for a QR code; field "cards[i].name" and the like),
 * RD_ETOOBIG (over PDF_MAX_ITEMS cards, or out's cap), RD_ENOMEM,
 * RD_EINTERNAL (cairo failed). On failure out holds a partial PDF or nothing.
 */
enum rd_err pdf_cards(const char *congress, const struct pdf_card *cards, size_t n, struct buf *out,
		      struct rd_error *err);

struct pdf_vote_record {
	const char *congress;  /* 示范县第十八届人民代表大会第二次会议 */
	const char *plenary;   /* 第三次全体会议 */
	const char *title;     /* 关于政府工作报告的决议（草案） */
	const char *threshold; /* 全体代表的过半数 */
	const char *closed_at; /* 2026年3月5日 10:32 */
	int64_t all, present, yes, no, abstain, not_voted, needed;
	bool passed;
	/* named polls only: one line per delegate, in seat order; NULL/0 for anonymous polls */
	const struct pdf_vote_line {
		const char *name;
		const char *delegation;
		const char *choice; /* 赞成 / 反对 / 弃权 / 未按 */
	} * lines;
	size_t nlines;
};

/*
 * Appends to out the record of one vote: one A4 page (more when the named
 * list overflows) with the congress, the sitting, 表决结果 and the motion's
 * title; the numbers in a table (应到, 实到, 赞成, 反对, 弃权, 未按表决器,
 * 通过所需票数) with the threshold and closing time; the verdict 通过 / 未通过
 * in large type; lines for the scrutineers' signatures and the secretariat's
 * seal; and for named polls the list of delegates and their choices in two
 * columns, continued on further pages, each page numbered "第 i 页 共 n 页".
 * The numbers and the verdict are printed as given: they come from src/rules.
 * out is the caller's buffer with the caller's cap; the caller releases it.
 * Failure: RD_EINVAL (text that is not UTF-8, a negative count; field names
 * the member, e.g. "title" or "lines[3].name"), RD_ETOOBIG (over
 * PDF_MAX_ITEMS lines, or out's cap), RD_ENOMEM, RD_EINTERNAL (cairo failed).
 */
enum rd_err pdf_vote_record(const struct pdf_vote_record *r, struct buf *out, struct rd_error *err);

#define PDF_BALLOT_MAX_NAMES 64 /* candidates on one ballot */

struct pdf_ballot {
	const char *congress;	  /* 示范县第十七届人民代表大会第二次会议 */
	const char *title;	  /* the election's title: 副县长 */
	const char *note;	  /* under the title, or NULL/"": 再次投票 / 另行选举 */
	int64_t seats;		  /* 应选名额, 1 or more: as many 另选他人 columns */
	const char *const *names; /* the candidates in ballot order */
	size_t n_names;
};

/*
 * Appends to out the printed ballot (选票) of one round: A4 portrait, the
 * congress, the election's title and 选票 at the top; the marking rules
 * (说明) with the seats written into them; 应选 N 名 and the number of
 * candidates; then the grid: one column per candidate in ballot order, the
 * name over an empty box for ○ or ×, followed by `seats` 另选他人 columns
 * whose name box is left empty; at most 8 columns a row, further rows
 * beneath (a new page only past some 40 columns). out is the caller's
 * buffer with the caller's cap; the caller releases it.
 * Failure: RD_EINVAL (no candidates, seats < 1, an empty name, text that is
 * not UTF-8; field "names[i]" and the like), RD_ETOOBIG (over
 * PDF_BALLOT_MAX_NAMES names or seats, or out's cap), RD_ENOMEM,
 * RD_EINTERNAL (cairo failed). On failure out holds a partial PDF or nothing.
 */
enum rd_err pdf_ballot(const struct pdf_ballot *b, struct buf *out, struct rd_error *err);

struct pdf_announcement {
	const char *congress; /* 示范县第十七届人民代表大会第二次会议 */
	const char *title;    /* the election's title: 副县长 */
	const char *kind;     /* first / tie_vote / re_election */
	int64_t seats;
	bool valid; /* false: more returned than issued, the vote is void */
	int64_t issued, returned, valid_ballots, void_ballots;
	int64_t threshold; /* fewest votes that elect, as decided (never recomputed) */
	const struct pdf_announcement_row {
		const char *name;
		int64_t votes;
		bool write_in; /* 另选: written in, not on the ballot */
		bool elected;
	} * rows; /* in the decision's order (most votes first) */
	size_t n_rows;
	const char *const *tie; /* tied at the cut-off: to be voted on again */
	size_t n_tie;
	int64_t tie_seats;
	int64_t unfilled;	/* seats left for a re-election (另行选举) */
	const char *date;	/* 2026年3月5日 */
	const char *signature;	/* hex Ed25519 signature of the announcement text */
	const char *public_key; /* hex */
};

/*
 * Appends to out the announcement (公告) of an election round on one A4 page
 * (more only for a very long list of names): the congress and 选举结果公告;
 * a paragraph with the office, seats and ballots issued / returned / valid /
 * void; the threshold; a table of every name with its votes (write-ins
 * marked 另选) and its result; the outcome — who is elected (当选), the tied
 * names and 需再次投票, the seats for 另行选举, or a void vote; the
 * presidium (大会主席团) and the date; and in small type the signature and
 * public key with a line saying how to check them (renda verify). Numbers
 * and verdicts are printed as given. out is the caller's buffer and cap.
 * Failure: RD_EINVAL (text that is not UTF-8, a negative count, a missing
 * name; field names the member), RD_ETOOBIG (over PDF_MAX_ITEMS rows, or
 * out's cap), RD_ENOMEM, RD_EINTERNAL (cairo failed).
 */
enum rd_err pdf_announcement(const struct pdf_announcement *a, struct buf *out,
			     struct rd_error *err);

/* The duty record's column for tracking codes (编号), in mm: the widest
 * code, WWWW-WWWW-WWWW, needs 47 (at 35 and at 42 codes with wide letters
 * wrapped at a dash); tests/unit/test_pdf_duty.c prints the widest ones. */
#define PDF_DUTY_CODE_MM 50

/* A table of the duty record: up to 4 columns, each row's cells wrapped. */
struct pdf_duty_table {
	const char *title;	  /* 出席全体会议 */
	const char *head[4];	  /* column headings; NULL ends the columns */
	double widths[4];	  /* column widths in mm (the text width is 170 mm) */
	const char *empty;	  /* printed when there are no rows: 无 */
	const char *const *cells; /* n_rows × the number of columns, row by row */
	size_t n_rows;
};

struct pdf_duty {
	const char *congress;		       /* 示范县第十七届人民代表大会 */
	const char *name;		       /* the delegate (required) */
	const char *delegation, *constituency; /* or NULL/"" */
	int year;			       /* 2026 */
	const char *printed_on;		       /* 2026年11月30日 */
	const struct pdf_duty_fact {
		const char *label; /* 出席全体会议 */
		const char *value; /* 3 次（共 3 次） */
	} * facts;		   /* the summary, two to a row */
	size_t n_facts;
	const struct pdf_duty_table *tables;
	size_t n_tables;
};

/*
 * Appends to out a delegate's annual duty record (履职档案): the congress,
 * 代表履职档案 and the year; the delegate's name, delegation and
 * constituency; the summary (履职概况) as label/value pairs in a ruled
 * table; then each table with its heading, repeated on every page it runs
 * on; a note on what the record leaves out (secret choices); every page
 * numbered "第 i 页 共 n 页" with the name and year. Values are printed as
 * given. out is the caller's buffer with the caller's cap.
 * Failure: RD_EINVAL (no name, text that is not UTF-8, a table with no
 * columns or more than 4; field names the member, e.g. "tables[2].cells"),
 * RD_ETOOBIG (over PDF_MAX_ITEMS rows in all, or out's cap), RD_ENOMEM,
 * RD_EINTERNAL (cairo failed). On failure out holds a partial PDF or nothing.
 */
enum rd_err pdf_duty(const struct pdf_duty *r, struct buf *out, struct rd_error *err);

struct pdf_code {
	const char *name;	/* 张桂英 (required) */
	const char *delegation; /* or NULL/"" */
	const char *url;	/* what the QR code says, printed under it (required) */
};

/*
 * Appends to out a sheet of delegates' codes (代表码) to print and post at
 * liaison stations: A4 pages of 3 × 4 cells in the order given, each with
 * the name, the delegation, the QR code of url and url itself under it; the
 * congress and 代表码 at the top of every page, "第 i 页 共 n 页" at the foot.
 * Failure: RD_EINVAL (no codes, a missing name or url, text that is not
 * UTF-8, a url too long for a QR code; field "codes[i].url" and the like),
 * RD_ETOOBIG (over PDF_MAX_ITEMS codes, or out's cap), RD_ENOMEM,
 * RD_EINTERNAL (cairo failed).
 */
enum rd_err pdf_delegate_codes(const char *congress, const struct pdf_code *codes, size_t n,
			       struct buf *out, struct rd_error *err);

#define PDF_REPORT_COLS 14 /* the key, then 13 numbers and rates */

/* One table of the handling report: rows of PDF_REPORT_COLS cells (the
 * unit or category, 交办件数, 已答复, 按时答复, 按时答复率, 逾期未答复, 满意,
 * 基本满意, 不满意, 满意率, 解决或部分解决, 列入计划解决, 暂不能解决,
 * 说明解释), printed as given. */
struct pdf_report_table {
	const char *title;	  /* 按承办单位统计 */
	const char *key_head;	  /* the first column's head: 承办单位 */
	const char *const *cells; /* n_rows × PDF_REPORT_COLS, row by row */
	size_t n_rows;
	bool total_last; /* the last row is the total (合计), set in bold */
};

struct pdf_report {
	const char *congress; /* 示范县人民代表大会常务委员会, or NULL/"" */
	const char *scope;    /* 第十八届 / 全部, or NULL/"" */
	const char *as_of;    /* 2026年11月30日 */
	const struct pdf_report_table *tables;
	size_t n_tables;
};

/*
 * Appends to out the handling report of suggestions (代表建议、批评和意见办理
 * 情况, DL art. 51(3)): A4 landscape pages with the congress, the title and
 * the date counted to; each table with its heading and column heads
 * (repeated where it continues on a new page); a note on how the rates are
 * counted; "第 i 页 共 n 页" at every foot. out is the caller's buffer and cap.
 * Failure: RD_EINVAL (text that is not UTF-8, missing cells; field names the
 * member, e.g. "tables[1].cells"), RD_ETOOBIG (over PDF_MAX_ITEMS rows in
 * all, or out's cap), RD_ENOMEM, RD_EINTERNAL (cairo failed).
 */
enum rd_err pdf_report(const struct pdf_report *r, struct buf *out, struct rd_error *err);

/*
 * Frees the font map and the caches of cairo and fontconfig. Only for the
 * end of the process (tests under LeakSanitizer, a clean shutdown): no PDF
 * call may be running or follow, except that one may re-create the font map.
 */
void pdf_cleanup(void);

#endif
