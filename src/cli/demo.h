/*
 * demo.h — the demo data of `renda demo` beyond its accounts.
 */
#ifndef RD_CLI_DEMO_H
#define RD_CLI_DEMO_H

#include <stdint.h>

#include "base/err.h"
#include "store/store.h"

/* Writes the demo congress (term, session, roll, plenaries, agenda, votes)
 * and links the demo delegate accounts to their records. Runs inside the
 * setup transaction, after the accounts exist. */
enum rd_err demo_floor_write(struct store_tx *tx, int64_t now);

/* Writes the public channel's demo data (liaison stations, citizens'
 * issues at every step), after the floor's delegates exist. */
enum rd_err demo_opinions_write(struct store_tx *tx, int64_t now);

#endif
