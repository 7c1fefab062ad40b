/* Inside lib/fetch: the client's state and the pieces its files share (not installed). */
#ifndef LK_FETCH_INTERNAL_H
#define LK_FETCH_INTERNAL_H

#include <stddef.h>
#include <jansson.h>
#include "levekar/fetch.h"

/* A growing byte buffer, always NUL-terminated after len. */
typedef struct lk__buf {
    char *p;
    size_t len, cap;
} lk__buf;

int lk__buf_add(lk__buf *b, const void *s, size_t n); /* LK_OK or LK_ENOMEM */
int lk__buf_str(lk__buf *b, const char *s);
int lk__buf_printf(lk__buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void lk__buf_free(lk__buf *b);
/* Percent-encode s for a query string (unreserved characters and the expression syntax the
 * API reads, `*?(),`, as they are). */
int lk__buf_urlenc(lk__buf *b, const char *s);

/* json_loadb, and whether it failed for memory: jansson does not always say so in its error
 * (a buffer of its lexer), malloc's ENOMEM does. */
json_t *lk__json_load(const char *p, size_t n, json_error_t *je, int *oom);

/* An HTTP answer. */
typedef struct lk__resp {
    long status;
    lk__buf body;
    char last_modified[128];
    char content_type[128];
    char retry_after[128];
    long ratelimit_remaining; /* -1: no header */
} lk__resp;

/* A table's metadata as the public struct, with what keeps its strings alive. */
typedef struct lk__meta {
    lk_fetch_meta pub;
    char *key;          /* table and codelists: what it was asked with */
    json_t *root;       /* the strings point into it */
    lk_fetch_var *vars;
    lk_fetch_value *values;
} lk__meta;

struct lk_fetch {
    lk_fetch_opts o;
    char *base, *cache, *lang;
    void *curl;              /* CURL *, one handle so connections are reused */
    char err[4096];
    lk_fetch_fail fail;
    /* the throttle: the start times of the last max_calls calls, a ring */
    double *calls;
    size_t calls_head, calls_n;
    long remaining;          /* x-ratelimit-remaining of the last answer, -1 unknown */
    long last_status;        /* HTTP status of the last answer (0: none) */
    char *fhi;               /* FHI's source id, or NULL for SSB */
    lk__meta **metas;
    size_t n_metas;
    /* the answer of the last lk_fetch_table() */
    lk__buf answer;
    char answer_sha[65];
    lk_fetch_part *parts;
    size_t n_parts;
    char **part_strings;     /* what the parts point to, freed with them */
    size_t n_part_strings;
    lk_fetch_answer pub;
};

/* Set the error: class and text; returns status. */
int lk__fail(lk_fetch *f, lk_fetch_fail cls, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* One call (http.c): waits for the throttle, retries 429/503, classifies failures. A 2xx
 * answer is LK_OK; any other status is a failure with the API's `title` in the message. */
int lk__http(lk_fetch *f, const char *method, const char *url, const char *body, lk__resp *r);
void lk__resp_free(lk__resp *r);

/* The throttle (throttle.c). */
double lk__now(lk_fetch *f);
void lk__sleep(lk_fetch *f, double s);
void lk__throttle_wait(lk_fetch *f);   /* before a call */
void lk__throttle_note(lk_fetch *f);   /* a call started now */
/* Seconds to wait before retry number `attempt` (1, 2 …) after a 429/503, from Retry-After
 * (seconds or an HTTP date) or a doubling backoff from 1 s; negative: longer than max_wait_s. */
double lk__retry_wait(lk_fetch *f, const char *retry_after, int attempt);

/* The cache (cache.c). A key is the SHA-256 of method, URL and body; an entry is KEY.body and
 * KEY.json (the provenance), both renamed into place, the record last. */
typedef struct lk__cached {
    lk__buf body;
    json_t *prov;            /* the provenance record */
} lk__cached;
void lk__cache_key(const char *method, const char *url, const char *body, char key[65]); /* "" out of memory */
/* LK_OK and the entry; LK_ENOTFOUND when absent or damaged (its body's SHA-256 differs). */
int lk__cache_get(lk_fetch *f, const char *table, const char *key, lk__cached *out);
int lk__cache_put(lk_fetch *f, const char *table, const char *key, const char *method, const char *url,
                  const char *body, const lk__resp *r, const char *updated, size_t cells, json_t **prov);
void lk__cached_free(lk__cached *c);
char *lk__cache_path(lk_fetch *f, const char *table, const char *key, const char *ext);

/* Parse metadata (meta.c): SSB's JSON-stat, or FHI's dimension list. */
int lk__meta_parse(lk_fetch *f, const char *table, const char *url, const char *data, size_t len, lk__meta *m);
int lk__meta_parse_fhi(lk_fetch *f, const char *table, const char *url, const char *data, size_t len, lk__meta *m);
void lk__meta_free(lk__meta *m);

/* Join parts (join.c): JSON-stat datasets whose categories together make the whole cube, or
 * CSV answers with one header. */
int lk__join_jsonstat(lk_fetch *f, const char *url, const lk__buf *parts, size_t n, lk__buf *out);
int lk__join_csv(lk_fetch *f, const char *url, const lk__buf *parts, size_t n, lk__buf *out);

#endif
