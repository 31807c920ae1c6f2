/*
 * roster.h — turning one delegate's fields (from a JSON body or an imported
 * row) into a checked struct delegate. Shared by the API and the importer.
 */
#ifndef RD_API_ROSTER_H
#define RD_API_ROSTER_H

#include "base/err.h"
#include "store/floor.h"

struct roster_input {
	const char *name, *gender, *ethnicity, *birth_date, *party, *occupation, *constituency,
		*seat; /* any may be NULL (= empty) */
};

/*
 * Checks in and copies it into d (name, gender as "male"/"female" from
 * 男/女/male/female, a valid birth date or "", lengths in characters).
 * RD_EINVAL naming the field otherwise. Leaves ids, status and card alone.
 */
enum rd_err roster_fill(const struct roster_input *in, struct delegate *d, struct rd_error *err);

#endif
