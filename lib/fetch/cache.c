/* The cache: each answer as CACHE/TABLE/KEY.body with its provenance in CACHE/TABLE/KEY.json,
 * KEY the SHA-256 of method, URL and request body. Both are written to a temporary file beside
 * them and renamed, the record last, so an entry exists whole or not at all; an entry whose body
 * does not give the recorded SHA-256 is taken as absent and fetched again. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "../common/sha256.h"
#include "fetch_internal.h"

/* The public name of the library's one SHA-256 (lib/common/sha256.c). */
void lk_fetch_sha256_hex(const void *data, size_t len, char hex[65])
{
    lk__sha256_bytes(data, len, hex);
}

void lk__cache_key(const char *method, const char *url, const char *body, char key[65])
{
    lk__buf b = { 0 };
    if (lk__buf_str(&b, method) != LK_OK || lk__buf_add(&b, "\n", 1) != LK_OK || lk__buf_str(&b, url) != LK_OK ||
        lk__buf_add(&b, "\n", 1) != LK_OK || lk__buf_str(&b, body) != LK_OK) {
        /* out of memory: no key (the caller fails), never one another query could share */
        lk__buf_free(&b);
        key[0] = '\0';
        return;
    }
    lk_fetch_sha256_hex(b.p, b.len, key);
    lk__buf_free(&b);
}

char *lk__cache_path(lk_fetch *f, const char *table, const char *key, const char *ext)
{
    lk__buf b = { 0 };
    /* FHI's tables apart from SSB's: fhi-SOURCE-ID */
    if (lk__buf_printf(&b, "%s/%s%s%s%s%s%s%s", f->cache, f->fhi ? "fhi-" : "", f->fhi ? f->fhi : "", f->fhi ? "-" : "",
                       table, key ? "/" : "", key ? key : "", ext ? ext : "") != LK_OK) {
        lk__buf_free(&b);
        return NULL;
    }
    return b.p;
}

static int read_all(const char *path, lk__buf *out)
{
    errno = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) return errno == ENOMEM ? LK_ENOMEM : LK_ENOTFOUND;
    char chunk[65536];
    size_t n;
    int rc = lk__buf_add(out, "", 0);
    while (rc == LK_OK && (n = fread(chunk, 1, sizeof chunk, fp)) > 0) rc = lk__buf_add(out, chunk, n);
    if (ferror(fp) && rc == LK_OK) rc = errno == ENOMEM ? LK_ENOMEM : LK_EIO; /* stdio's buffer, too */
    fclose(fp);
    return rc;
}

void lk__cached_free(lk__cached *c)
{
    lk__buf_free(&c->body);
    json_decref(c->prov);
    c->prov = NULL;
}

/* The record's "sha256", found in its text (the record is written as "sha256": "HEX"), so that
 * a damaged entry is told from a lack of memory while the record is parsed. 1 and hex, or 0. */
static int recorded_sha(const lk__buf *text, char hex[65])
{
    static const char key[] = "\"sha256\": \"";
    const char *at = text->p ? strstr(text->p, key) : NULL;
    if (!at) return 0;
    at += sizeof key - 1;
    for (int i = 0; i < 64; i++)
        if (!((at[i] >= '0' && at[i] <= '9') || (at[i] >= 'a' && at[i] <= 'f'))) return 0;
    if (at[64] != '"') return 0;
    memcpy(hex, at, 64);
    hex[64] = '\0';
    return 1;
}

int lk__cache_get(lk_fetch *f, const char *table, const char *key, lk__cached *out)
{
    memset(out, 0, sizeof *out);
    char *jp = lk__cache_path(f, table, key, ".json"), *bp = lk__cache_path(f, table, key, ".body");
    lk__buf text = { 0 };
    char want[65], got[65];
    int rc = LK_ENOMEM, r;
    if (!jp || !bp) goto done;
    rc = LK_ENOTFOUND; /* absent, unreadable or damaged: fetched again */
    if ((r = read_all(jp, &text)) != LK_OK || !recorded_sha(&text, want)) {
        if (r == LK_ENOMEM) rc = r;
        goto done;
    }
    if ((r = read_all(bp, &out->body)) != LK_OK) {
        if (r == LK_ENOMEM) rc = r;
        goto done;
    }
    lk_fetch_sha256_hex(out->body.p, out->body.len, got);
    if (strcmp(got, want) != 0) goto done;
    /* the entry is whole: a record that does not parse now means memory ran out */
    json_error_t je;
    int oom;
    out->prov = lk__json_load(text.p, text.len, &je, &oom);
    rc = out->prov ? LK_OK : LK_ENOMEM;
done:
    lk__buf_free(&text);
    free(jp);
    free(bp);
    if (rc != LK_OK) lk__cached_free(out);
    return rc;
}

static int mkdirs(const char *path)
{
    char *p = strdup(path);
    if (!p) return LK_ENOMEM;
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0700) != 0 && errno != EEXIST) {
                free(p);
                return LK_EIO;
            }
            *s = c;
            if (!c) break;
        }
    }
    free(p);
    return LK_OK;
}

/* Write data to path by a temporary file beside it and a rename. */
static int put_file(lk_fetch *f, const char *path, const char *data, size_t len)
{
    size_t pl = strlen(path);
    char *tmp = malloc(pl + 8);
    if (!tmp) return LK_ENOMEM;
    memcpy(tmp, path, pl);
    memcpy(tmp + pl, ".XXXXXX", 8);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return lk__fail(f, LK_FETCH_FAIL_NONE, LK_EIO, "%s: cannot write the cache: %s (expected a writable "
                        "--cache folder)", path, strerror(e));
    }
    FILE *fp = fdopen(fd, "wb");
    int ok = fp && fwrite(data, 1, len, fp) == len;
    int e = errno;
    if (fp) ok = (fclose(fp) == 0) && ok;
    else close(fd);
    if (ok && rename(tmp, path) != 0) { ok = 0; e = errno; }
    if (!ok) {
        unlink(tmp);
        free(tmp);
        return lk__fail(f, LK_FETCH_FAIL_NONE, LK_EIO, "%s: cannot write the cache: %s (expected a writable "
                        "--cache folder with room)", path, strerror(e ? e : EIO));
    }
    free(tmp);
    return LK_OK;
}

int lk__cache_put(lk_fetch *f, const char *table, const char *key, const char *method, const char *url,
                  const char *body, const lk__resp *r, const char *updated, size_t cells, json_t **prov)
{
    char date[32], hex[65];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    lk_fetch_sha256_hex(r->body.p ? r->body.p : "", r->body.len, hex);
    char *dir = lk__cache_path(f, table, NULL, NULL), *bp = lk__cache_path(f, table, key, ".body"),
         *jp = lk__cache_path(f, table, key, ".json");
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:I, s:I, s:s}", "url", url, "method", method,
                          "request_body", body, "date", date, "status", (json_int_t)r->status, "content_type",
                          r->content_type, "last_modified", r->last_modified, "updated", updated ? updated : "",
                          "cells", (json_int_t)cells, "bytes", (json_int_t)r->body.len, "sha256", hex);
    char *text = j ? json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
    int rc = LK_ENOMEM;
    if (!dir || !bp || !jp || !text) {
        rc = lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "%s: out of memory", url);
        goto done;
    }
    rc = mkdirs(dir);
    if (rc != LK_OK) {
        rc = lk__fail(f, LK_FETCH_FAIL_NONE, rc, "%s: cannot make the cache folder: %s (expected a writable "
                      "--cache folder)", dir, strerror(errno));
        goto done;
    }
    rc = put_file(f, bp, r->body.p ? r->body.p : "", r->body.len);
    if (rc == LK_OK) rc = put_file(f, jp, text, strlen(text));
done:
    free(dir);
    free(bp);
    free(jp);
    free(text);
    if (rc == LK_OK && prov) *prov = j;
    else json_decref(j);
    return rc;
}
