/**
 * @file levekar/fetch.h
 * @brief Tables straight from SSB's PxWebApi v2, through a cache that keeps their provenance.
 *
 * A query names a table and, per variable, the values wanted (codes, value texts or the API's
 * expressions `*`, `top(n)`, `from(x)` …). The client reads the table's metadata first
 * (`GET /tables/{id}/metadata`, itself cached) and resolves every variable and value against it,
 * by code or by text, so no value code is taken on trust; the expressions are expanded from the
 * metadata too, so the number of cells is known before any data is asked for. A query of more
 * cells than the API's limit (800 000 at SSB) is split into parts under it; each part is asked
 * by GET, or by POST when its URL would be too long (the gateway answers 404 above about
 * 2 100 characters). Calls are throttled below the rate limit (30 per minute by SSB's guide; the
 * `x-ratelimit-remaining` header is honoured), and an answer 429 or 503 is retried after its
 * `Retry-After` (or a doubling backoff).
 *
 * Every answer is stored under the cache directory, one body and one provenance record each
 * (URL, method, request body, date, status, `Last-Modified`, `Content-Type`, the table's
 * `updated` and the body's SHA-256), written to a temporary file and renamed, so the cache never
 * holds a partial answer. A repeated query is served from the cache without the network (unless
 * refresh is asked for), and a query whose parts were only partly fetched resumes with the parts
 * missing. The parts are joined into one answer: one JSON-stat 2.0 dataset, or one CSV (SSB's
 * CSV with every variable in the stub, one value per line).
 *
 * FHI Statistikk's Open API (lk_fetch_opts.fhi_source) is asked the same way: its `dimension`
 * answer is the metadata, the data go by POST with one `item` filter per dimension, and the answer
 * is JSON-stat 2.0 (FHI's `csv2` with LK_FETCH_CSV).
 *
 * The module knows nothing about indicators; what an indicator needs is composed by the caller.
 * It never prints. Network failures are told apart (lk_fetch_failure()) so a program can give
 * each its exit code.
 *
 * @code
 * lk_fetch_opts o = LK_FETCH_OPTS_INIT;
 * o.cache_dir = "/home/me/.cache/levekar";
 * lk_fetch *f;
 * if (lk_fetch_new(&f, &o) != LK_OK) return 1;
 * const char *const region[] = { "3301", "Buskerud", "0" }; // codes or value texts
 * const char *const year[] = { "from(2020)" };
 * const char *const cont[] = { "Personer1" };
 * lk_fetch_sel sel[] = { { "Region", region, 3, NULL }, { "Tid", year, 1, NULL },
 *                        { "statistikkvariabel", cont, 1, NULL } };
 * const lk_fetch_answer *a;
 * if (lk_fetch_table(f, "07459", sel, 3, LK_FETCH_JSONSTAT, &a) != LK_OK)
 *     fprintf(stderr, "%s\n", lk_fetch_errmsg(f));   // says the URL and what failed
 * else
 *     fwrite(a->data, 1, a->len, stdout);
 * lk_fetch_free(f);
 * @endcode
 */
#ifndef LEVEKAR_FETCH_H
#define LEVEKAR_FETCH_H

#include <stddef.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A client: options, the cache, the throttle's memory and the last error. */
typedef struct lk_fetch lk_fetch;

/** SSB's PxWebApi v2 (no trailing slash). */
#define LK_FETCH_SSB_API "https://data.ssb.no/api/pxwebapi/v2"

/** FHI Statistikk's Open API (no trailing slash); a source such as `nokkel` (Kommunehelsa's and
 *  Norgeshelsa's key figures) goes in lk_fetch_opts.fhi_source. */
#define LK_FETCH_FHI_API "https://statistikk-data.fhi.no/api/open/v1"

/** What an answer is stored as. */
typedef enum lk_fetch_format {
    LK_FETCH_JSONSTAT = 0, /**< JSON-stat 2.0 (`outputFormat=json-stat2`), the API's default */
    LK_FETCH_CSV = 1       /**< SSB's CSV, semicolons, codes and texts, every variable in the stub */
} lk_fetch_format;

/** Why a call failed, for an exit code per class (the message says the URL in every case). */
typedef enum lk_fetch_fail {
    LK_FETCH_FAIL_NONE = 0,  /**< no failure, or one that is not the network's (LK_EINVAL, LK_ENOMEM …) */
    LK_FETCH_FAIL_NETWORK,   /**< no connection (refused, unreachable, no network) */
    LK_FETCH_FAIL_DNS,       /**< the host name does not resolve */
    LK_FETCH_FAIL_TIMEOUT,   /**< no complete answer within the timeout */
    LK_FETCH_FAIL_CLIENT,    /**< an answer 4xx (the API's `title` in the message), 429 after every retry */
    LK_FETCH_FAIL_SERVER,    /**< an answer 5xx (500 with an empty body: a duplicated value code) */
    LK_FETCH_FAIL_TRUNCATED, /**< a body shorter than announced, or not the JSON it must be */
    LK_FETCH_FAIL_NO_TABLE,  /**< the table id does not exist (404 `Non-existent table`) */
    LK_FETCH_FAIL_QUERY      /**< the query does not fit the metadata (unknown variable or value,
                                  a mandatory variable not selected, an ambiguous text); nothing asked */
} lk_fetch_fail;

/** Clock for the throttle (seconds, monotonic) and the waits; tests pass their own. */
typedef double (*lk_fetch_now_fn)(void *ctx);
typedef void (*lk_fetch_sleep_fn)(void *ctx, double seconds);

/** Options of lk_fetch_new(); start from LK_FETCH_OPTS_INIT. Zero means the default. */
typedef struct lk_fetch_opts {
    unsigned version;       /**< LK_FETCH_OPTS_VERSION */
    const char *api_base;   /**< NULL: LK_FETCH_SSB_API; a trailing '/' is dropped */
    const char *cache_dir;  /**< required: where answers are kept (made, mode 0700, if missing) */
    const char *lang;       /**< `lang=`; NULL: "no" */
    int refresh;            /**< 1: ask the API again and replace what the cache holds */
    int offline;            /**< 1: only the cache; an answer not there fails (LK_FETCH_FAIL_NETWORK) */
    long timeout_ms;        /**< a whole call (connect and transfer); 0: 120 000 */
    long max_cells;         /**< cells per call; 0: 800 000 */
    int max_calls;          /**< calls per window; 0: 30 */
    double window_s;        /**< the window of max_calls in seconds; 0: 60 */
    int max_retries;        /**< retries of a 429 or 503; 0: 3; negative: none */
    double max_wait_s;      /**< a longer Retry-After is an error instead of a wait; 0: 300 */
    size_t max_url;         /**< URLs longer than this go by POST; 0: 2 000 */
    lk_fetch_now_fn now;    /**< NULL: CLOCK_MONOTONIC */
    lk_fetch_sleep_fn sleep;/**< NULL: nanosleep */
    void *clock_ctx;        /**< passed to now and sleep */
    /** NULL: SSB's PxWebApi v2. A source id (`nokkel`): FHI Statistikk's Open API, where the
     *  metadata is `GET {source}/Table/{id}/dimension` (every dimension mandatory, categories
     *  flattened in order), and data `POST {source}/Table/{id}/data` with one `item` filter per
     *  dimension; api_base NULL means LK_FETCH_FHI_API. */
    const char *fhi_source;
} lk_fetch_opts;

#define LK_FETCH_OPTS_VERSION 1
#define LK_FETCH_OPTS_INIT { LK_FETCH_OPTS_VERSION, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL }

/** A value of a variable in the metadata. */
typedef struct lk_fetch_value {
    const char *code;  /**< the value code (`3301`, `K-3301`, `2024M11`) */
    const char *label; /**< its text (`Drammen`); the code when the metadata has none */
} lk_fetch_value;

/** The role a variable plays (JSON-stat `role`). */
typedef enum lk_fetch_role {
    LK_FETCH_ROLE_NONE = 0,
    LK_FETCH_ROLE_GEO,    /**< the region */
    LK_FETCH_ROLE_TIME,   /**< the period (`Tid`) */
    LK_FETCH_ROLE_METRIC  /**< the measure (`ContentsCode`) */
} lk_fetch_role;

/** A variable of a table, in the metadata's order. */
typedef struct lk_fetch_var {
    const char *code;   /**< `Region` */
    const char *label;  /**< `region` */
    int elimination;    /**< 1: may be left out (then summed or its elimination value); 0: mandatory */
    lk_fetch_role role;
    const lk_fetch_value *values;
    size_t n_values;
} lk_fetch_var;

/** A table's metadata (`GET /tables/{id}/metadata`). */
typedef struct lk_fetch_meta {
    const char *table;   /**< the id asked for */
    const char *label;   /**< `07459: Befolkning, etter …` */
    const char *updated; /**< ISO 8601, or "" */
    const lk_fetch_var *vars;
    size_t n_vars;
} lk_fetch_meta;

/** The values wanted of one variable. */
typedef struct lk_fetch_sel {
    const char *var;     /**< the variable's code or text (either, ignoring case) */
    const char *const *values; /**< each a value code, a value text, or an expression:
                                  `*`, `A*`, `*A`, `20?M11`, `top(n[,o])`, `bottom(n[,o])`,
                                  `from(x)`, `to(x)`, `range(a,b)` */
    size_t n_values;
    const char *codelist;/**< an SSB codelist id (`agg_KommSummer`), or NULL */
} lk_fetch_sel;

/** One call behind an answer: where it went and what came back. */
typedef struct lk_fetch_part {
    const char *url;         /**< the URL asked (with the query string of a GET) */
    const char *method;      /**< "GET" or "POST" */
    const char *body;        /**< the POST body, or "" */
    const char *date;        /**< when it was fetched, UTC ISO 8601 */
    const char *last_modified; /**< the `Last-Modified` header, or "" */
    const char *sha256;      /**< of the body, 64 hex digits */
    const char *cache_file;  /**< the body's file in the cache */
    size_t cells;            /**< cells asked */
    int from_cache;          /**< 1: served from the cache */
} lk_fetch_part;

/** An answer of lk_fetch_table(), owned by the handle until its next call or lk_fetch_free(). */
typedef struct lk_fetch_answer {
    const char *data;        /**< the joined answer (JSON-stat or CSV bytes, not NUL-terminated) */
    size_t len;
    const char *sha256;      /**< of data */
    const char *updated;     /**< the table's `updated` from the metadata, or "" */
    size_t cells;            /**< cells in all */
    const lk_fetch_part *parts;
    size_t n_parts;
} lk_fetch_answer;

/**
 * @brief A client. Nothing is asked of the network here. The first call to the network
 *        initialises libcurl (curl_easy_init does it; a run served from the cache never does); a program with threads calls
 *        curl_global_init() itself first, as libcurl asks. One client is for one thread.
 * @param[out] out the handle (NULL on failure), freed with lk_fetch_free().
 * @param opts options (copied; cache_dir required).
 * @return LK_OK, LK_EINVAL (no cache_dir, an unknown version, a non-http(s) api_base),
 *         LK_ENOMEM.
 */
LK_API int lk_fetch_new(lk_fetch **out, const lk_fetch_opts *opts);
LK_API void lk_fetch_free(lk_fetch *f);

/** @return what the last call that failed says (`URL: what is wrong (expected …)`), or "". */
LK_API const char *lk_fetch_errmsg(const lk_fetch *f);
/** @return the class of the last failure (LK_FETCH_FAIL_NONE after a success). */
LK_API lk_fetch_fail lk_fetch_failure(const lk_fetch *f);
/** @return the API base in use (for messages). */
LK_API const char *lk_fetch_api_base(const lk_fetch *f);

/**
 * @brief A table's metadata, from the cache or the API.
 * @param table the table id (`07459`): digits and letters only.
 * @param codelists `VAR=ID` pairs asked with the metadata (`Region=agg_KommSummer`), or NULL.
 * @param[out] out valid until lk_fetch_free().
 * @return LK_OK, LK_EINVAL (a bad id), LK_EIO (lk_fetch_failure() says why), LK_EDATA (not
 *         JSON-stat metadata), LK_ENOMEM.
 */
LK_API int lk_fetch_metadata(lk_fetch *f, const char *table, const char *const *codelists,
                             size_t n_codelists, const lk_fetch_meta **out);

/**
 * @brief Data of a table: metadata, selection resolved against it, split under the cell limit,
 *        each part from the cache or the API (throttled), joined.
 * @param sel the variables selected; a variable left out is eliminated (summed by the API), and
 *        must be eliminable.
 * @param[out] out the answer, owned by @p f (valid until its next call or lk_fetch_free()).
 * @return LK_OK; LK_EDATA with LK_FETCH_FAIL_QUERY for a selection the metadata refuses (the
 *         message lists the candidates); LK_EIO for the network (lk_fetch_failure());
 *         LK_EDATA for an answer that does not join; LK_ENOMEM.
 */
LK_API int lk_fetch_table(lk_fetch *f, const char *table, const lk_fetch_sel *sel, size_t n_sel,
                          lk_fetch_format format, const lk_fetch_answer **out);

/** @brief SHA-256 of @p len bytes as 64 lower-case hex digits and a NUL in @p hex. */
LK_API void lk_fetch_sha256_hex(const void *data, size_t len, char hex[65]);

#ifdef __cplusplus
}
#endif

#endif /* LEVEKAR_FETCH_H */
