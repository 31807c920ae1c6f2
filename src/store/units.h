/*
 * units.h — changing a handling unit (承办单位) in the store. Creating,
 * reading and listing units are in store/suggestions.h with the rest of
 * the suggestions; this is the one write that edits a unit afterwards.
 */
#ifndef RD_STORE_UNITS_H
#define RD_STORE_UNITS_H

#include <stdint.h>

#include "base/err.h"
#include "store/store.h"

/*
 * Sets the name and the reminder e-mail address ("" for none) of unit id.
 * RD_ENOTFOUND when there is no such unit, RD_ECONFLICT when another unit
 * has that name (names are unique), else the store's error.
 */
enum rd_err unit_update(struct store_tx *tx, int64_t id, const char *name, const char *email);

#endif
