/*
 * pdf.h — printable documents of the session floor: delegate cards (代表证)
 * and the record of a vote (表决结果).
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

/*
 * Frees the font map and the caches of cairo and fontconfig. Only for the
 * end of the process (tests under LeakSanitizer, a clean shutdown): no PDF
 * call may be running or follow, except that one may re-create the font map.
 */
void pdf_cleanup(void);

#endif
