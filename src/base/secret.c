/* secret.c — see secret.h. */
#include "base/secret.h"

#include <sodium.h>
#include <string.h>

#include "base/banned.h"

_Static_assert(SECRET_PWHASH_LEN == crypto_pwhash_STRBYTES, "pwhash size");

enum rd_err secret_init(void)
{
	return sodium_init() < 0 ? RD_EINTERNAL : RD_OK;
}

enum rd_err secret_password_hash(const char *password, char out[SECRET_PWHASH_LEN])
{
	if (crypto_pwhash_str_alg(
		    out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
		    crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return RD_ENOMEM;
	return RD_OK;
}

bool secret_password_check(const char *stored, const char *password)
{
	return crypto_pwhash_str_verify(stored, password, strlen(password)) == 0;
}

void secret_token(char out[SECRET_TOKEN_LEN])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, SECRET_TOKEN_LEN, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void secret_hash(const void *data, size_t n, unsigned char out[SECRET_HASH_LEN])
{
	crypto_generichash(out, SECRET_HASH_LEN, data, n, NULL, 0);
}

void secret_hex(const unsigned char *in, size_t n, char *out)
{
	sodium_bin2hex(out, 2 * n + 1, in, n);
}

void secret_hash_hex(const void *data, size_t n, char out[SECRET_HASH_HEX_LEN])
{
	unsigned char h[SECRET_HASH_LEN];

	secret_hash(data, n, h);
	secret_hex(h, sizeof(h), out);
}

uint32_t secret_uniform(uint32_t upper)
{
	return randombytes_uniform(upper);
}
