/* test_secret.c — password hashes, tokens, BLAKE2b, uniform random. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/secret.h"
#include "base/banned.h"

static int setup(void **state)
{
	(void)state;
	return secret_init() == RD_OK ? 0 : -1;
}

static void test_password_hash_and_check(void **state)
{
	char h1[SECRET_PWHASH_LEN], h2[SECRET_PWHASH_LEN];

	(void)state;
	assert_int_equal(secret_password_hash("人大-correct horse", h1), RD_OK);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	assert_true(secret_password_check(h1, "人大-correct horse"));
	assert_false(secret_password_check(h1, "人大-correct hors"));
	assert_false(secret_password_check(h1, "人大-correct horse "));
	assert_false(secret_password_check(h1, ""));
	/* Same password, fresh salt: a different string that still checks. */
	assert_int_equal(secret_password_hash("人大-correct horse", h2), RD_OK);
	assert_string_not_equal(h1, h2);
	assert_true(secret_password_check(h2, "人大-correct horse"));
}

static void test_password_check_garbage_stored(void **state)
{
	(void)state;
	assert_false(secret_password_check("", "x"));
	assert_false(secret_password_check("not a hash", "not a hash"));
	assert_false(secret_password_check("$argon2id$v=19$m=1,t=1,p=1$", "x"));
}

static void test_empty_password_hashes(void **state)
{
	char h[SECRET_PWHASH_LEN];

	(void)state;
	assert_int_equal(secret_password_hash("", h), RD_OK);
	assert_true(secret_password_check(h, ""));
	assert_false(secret_password_check(h, " "));
}

static bool is_b64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

static void test_token_format(void **state)
{
	char t[8][SECRET_TOKEN_LEN];

	(void)state;
	for (int i = 0; i < 8; i++) {
		memset(t[i], '#', SECRET_TOKEN_LEN);
		secret_token(t[i]);
		assert_int_equal(strlen(t[i]), 43);
		for (int k = 0; k < 43; k++)
			assert_true(is_b64url(t[i][k]));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(t[i], t[j]);
	}
}

static void test_blake2b_known_values(void **state)
{
	char hex[SECRET_HASH_HEX_LEN];
	unsigned char raw[SECRET_HASH_LEN];

	(void)state;
	/* python3: hashlib.blake2b(b"abc", digest_size=32).hexdigest() */
	secret_hash_hex("abc", 3, hex);
	assert_string_equal(hex,
			    "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
	/* python3: hashlib.blake2b(b"", digest_size=32).hexdigest() */
	secret_hash_hex("", 0, hex);
	assert_string_equal(hex,
			    "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
	secret_hash("abc", 3, raw);
	assert_int_equal(raw[0], 0xbd);
	assert_int_equal(raw[31], 0x19);
}

static void test_hex(void **state)
{
	static const unsigned char in[] = {0x00, 0x0f, 0xa0, 0xff};
	char out[9];

	(void)state;
	memset(out, 'x', sizeof(out));
	secret_hex(in, sizeof(in), out);
	assert_string_equal(out, "000fa0ff");
	secret_hex(in, 0, out);
	assert_string_equal(out, "");
}

static void test_uniform_bounds(void **state)
{
	int seen[7] = {0};

	(void)state;
	for (int i = 0; i < 100; i++)
		assert_int_equal(secret_uniform(1), 0);
	for (int i = 0; i < 7000; i++) {
		uint32_t v = secret_uniform(7);

		assert_true(v < 7);
		seen[v]++;
	}
	/* Each value turns up (chance of a miss is about 7 * (6/7)^7000). */
	for (int i = 0; i < 7; i++)
		assert_true(seen[i] > 0);
	for (int i = 0; i < 1000; i++)
		assert_true(secret_uniform(UINT32_MAX) < UINT32_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_hash_and_check),
		cmocka_unit_test(test_password_check_garbage_stored),
		cmocka_unit_test(test_empty_password_hashes),
		cmocka_unit_test(test_token_format),
		cmocka_unit_test(test_blake2b_known_values),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_uniform_bounds),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
