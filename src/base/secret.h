/*
 * secret.h — passwords, tokens and hashes (libsodium).
 *
 * Passwords are hashed with argon2id at libsodium's "interactive" cost; the
 * stored string carries its own parameters so the cost can rise later.
 * Tokens are 32 random bytes shown as 43 base64url characters; only their
 * BLAKE2b hash is stored, so a copy of the database grants no session.
 */
#ifndef RD_BASE_SECRET_H
#define RD_BASE_SECRET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define SECRET_HASH_LEN	    32	/* BLAKE2b-256 */
#define SECRET_HASH_HEX_LEN 65	/* 64 hex digits + NUL */
#define SECRET_TOKEN_LEN    44	/* 43 base64url chars + NUL */
#define SECRET_PWHASH_LEN   128 /* crypto_pwhash_STRBYTES */

/* Must be called once before any other function here. */
enum rd_err secret_init(void);

/* out gets an argon2id hash string. RD_ENOMEM if the machine lacks memory. */
enum rd_err secret_password_hash(const char *password, char out[SECRET_PWHASH_LEN]);

/* True if password matches the stored hash string. */
bool secret_password_check(const char *stored, const char *password);

/* A fresh random token, base64url without padding. */
void secret_token(char out[SECRET_TOKEN_LEN]);

/* BLAKE2b-256 of data, as raw bytes or lowercase hex. */
void secret_hash(const void *data, size_t n, unsigned char out[SECRET_HASH_LEN]);
void secret_hash_hex(const void *data, size_t n, char out[SECRET_HASH_HEX_LEN]);

/* Lowercase hex of n bytes into out (2n+1 bytes). */
void secret_hex(const unsigned char *in, size_t n, char *out);

/* A uniformly random integer in [0, upper). */
uint32_t secret_uniform(uint32_t upper);

#endif
