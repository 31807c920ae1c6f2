/*
 * banned.h — functions renda must not call, after git's banned.h.
 *
 * Include it LAST in every .c file, after all system and library headers,
 * so that the macros below do not rewrite the libraries' own declarations.
 * A banned call then fails to compile with a name that says why.
 *
 * Replacements: snprintf or struct buf for strcpy/strcat/sprintf;
 * str_to_i64() (base/str.h) for atoi/atol/sscanf; gmtime_r/localtime_r;
 * strtok_r or slices for strtok.
 */
#ifndef RD_BASE_BANNED_H
#define RD_BASE_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_in_renda

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef atoll
#define atoll(x) BANNED(atoll)
#undef sscanf
#define sscanf(...) BANNED(sscanf)
#undef gets
#define gets(x) BANNED(gets)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef localtime
#define localtime(x) BANNED(localtime)
#undef ctime
#define ctime(x) BANNED(ctime)
#undef asctime
#define asctime(x) BANNED(asctime)

#endif
