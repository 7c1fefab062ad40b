/* SHA-256 (FIPS 180-4) as 64 lowercase hex digits and a NUL (sha256.c). */
#ifndef LK_COMMON_SHA256_H
#define LK_COMMON_SHA256_H

#include <stddef.h>

/* The digest of LEN bytes at DATA (DATA may be NULL when LEN is 0). Cannot fail. */
void lk__sha256_bytes(const void *data, size_t len, char hex[65]);

/* The digest of the file at PATH, read in 64 KiB blocks. LK_OK, LK_EIO (cannot open or read)
 * or LK_ENOMEM; hex is written only on LK_OK. */
int lk__sha256_file(const char *path, char hex[65]);

#endif
