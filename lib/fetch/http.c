/* One HTTP call through libcurl, and the failure classes: what went wrong is told apart here,
 * once, so that every caller (and the command's exit codes) can rely on lk_fetch_failure(). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "curl_load.h"
#include "fetch_internal.h"

/* Room for n more bytes and the NUL. */
static int reserve(lk__buf *b, size_t n)
{
    if (b->len + n + 1 <= b->cap) return LK_OK;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1) {
        if (cap > ((size_t)-1) / 2) return LK_ENOMEM;
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) return LK_ENOMEM;
    b->p = p;
    b->cap = cap;
    return LK_OK;
}

int lk__buf_add(lk__buf *b, const void *s, size_t n)
{
    if (reserve(b, n) != LK_OK) return LK_ENOMEM;
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return LK_OK;
}

json_t *lk__json_load(const char *p, size_t n, json_error_t *je, int *oom)
{
    errno = 0;
    json_t *j = json_loadb(p ? p : "", n, 0, je);
    *oom = !j && (json_error_code(je) == json_error_out_of_memory || errno == ENOMEM);
    return j;
}

int lk__buf_str(lk__buf *b, const char *s) { return lk__buf_add(b, s, strlen(s)); }

int lk__buf_printf(lk__buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || reserve(b, (size_t)n) != LK_OK) return LK_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return LK_OK;
}

void lk__buf_free(lk__buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

int lk__buf_urlenc(lk__buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        int plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    strchr("-._~*?(),", c) != NULL;
        char esc[3] = { '%', hex[c >> 4], hex[c & 15] };
        int rc = plain ? lk__buf_add(b, p, 1) : lk__buf_add(b, esc, 3);
        if (rc != LK_OK) return rc;
    }
    return LK_OK;
}

int lk__fail(lk_fetch *f, lk_fetch_fail cls, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->err, sizeof f->err, fmt, ap);
    va_end(ap);
    f->fail = cls;
    return status;
}

void lk__resp_free(lk__resp *r) { lk__buf_free(&r->body); }

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    lk__resp *r = ud;
    return lk__buf_add(&r->body, p, size * n) == LK_OK ? size * n : 0;
}

/* "Name: value\r\n" into dst when the name is `name` (any case). */
static void header_value(const char *line, size_t len, const char *name, char *dst, size_t cap)
{
    size_t nl = strlen(name);
    if (len <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':') return;
    const char *v = line + nl + 1, *end = line + len;
    while (v < end && (*v == ' ' || *v == '\t')) v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ')) end--;
    size_t n = (size_t)(end - v) < cap - 1 ? (size_t)(end - v) : cap - 1;
    memcpy(dst, v, n);
    dst[n] = '\0';
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    lk__resp *r = ud;
    size_t len = size * n;
    if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) { /* a new answer (after a 100 Continue): start over */
        r->last_modified[0] = r->content_type[0] = r->retry_after[0] = '\0';
        r->ratelimit_remaining = -1;
        return len;
    }
    header_value(p, len, "last-modified", r->last_modified, sizeof r->last_modified);
    header_value(p, len, "content-type", r->content_type, sizeof r->content_type);
    header_value(p, len, "retry-after", r->retry_after, sizeof r->retry_after);
    char rem[32] = "";
    header_value(p, len, "x-ratelimit-remaining", rem, sizeof rem);
    if (rem[0] >= '0' && rem[0] <= '9') r->ratelimit_remaining = strtol(rem, NULL, 10);
    return len;
}

/* The `title` of the API's problem body (v2), or the `error` of a v1 one, or "". */
static void api_title(const lk__buf *body, char *dst, size_t cap)
{
    dst[0] = '\0';
    if (!body->len) return;
    json_t *j = json_loadb(body->p, body->len, 0, NULL);
    if (!j) return;
    const char *t = json_string_value(json_object_get(j, "title"));
    if (!t) t = json_string_value(json_object_get(j, "error"));
    if (!t) t = json_string_value(json_object_get(j, "status")); /* FHI: "details ... in the status field" */
    const char *d = json_string_value(json_object_get(j, "detail"));
    if (t && d && *d) snprintf(dst, cap, "%s: %s", t, d);
    else if (t) snprintf(dst, cap, "%s", t);
    json_decref(j);
}

static int classify_curl(lk_fetch *f, CURLcode cc, const char *url, const lk__resp *r, const char *detail)
{
    const lk__curl_api *cu = lk__curl(NULL); /* loaded: a request was made */
    const char *why = *detail ? detail : cu ? cu->easy_strerror(cc) : "";
    switch (cc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return lk__fail(f, LK_FETCH_FAIL_DNS, LK_EIO, "%s: the host name does not resolve: %s (expected a reachable "
                        "name server; is the network up, is --api-base right?)", url, why);
    case CURLE_OPERATION_TIMEDOUT:
        /* a name server that does not answer is a DNS failure, not a slow API */
        if (strncmp(why, "Resolving timed out", 19) == 0)
            return lk__fail(f, LK_FETCH_FAIL_DNS, LK_EIO, "%s: the host name does not resolve: %s (expected a "
                            "reachable name server; is the network up, is --api-base right?)", url, why);
        return lk__fail(f, LK_FETCH_FAIL_TIMEOUT, LK_EIO, "%s: no complete answer within %.0f s: %s (expected the API to "
                        "answer; try again later or with a longer --timeout)", url, (double)f->o.timeout_ms / 1000.0, why);
    case CURLE_PARTIAL_FILE:
        return lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EIO, "%s: the answer was cut off after %zu bytes: %s (expected "
                        "the whole body; nothing was kept)", url, r->body.len, why);
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
        if (r->status > 0)
            return lk__fail(f, LK_FETCH_FAIL_TRUNCATED, LK_EIO, "%s: the answer was cut off after %zu bytes: %s "
                            "(expected the whole body; nothing was kept)", url, r->body.len, why);
        return lk__fail(f, LK_FETCH_FAIL_NETWORK, LK_EIO, "%s: the connection closed without an answer: %s (expected "
                        "an HTTP answer)", url, why);
    default:
        return lk__fail(f, LK_FETCH_FAIL_NETWORK, LK_EIO, "%s: cannot reach the API: %s (expected a network "
                        "connection to it)", url, why);
    }
}

static int classify_status(lk_fetch *f, const char *url, const lk__resp *r)
{
    char title[512];
    api_title(&r->body, title, sizeof title);
    if (r->status == 404 && strstr(title, "table"))
        return lk__fail(f, LK_FETCH_FAIL_NO_TABLE, LK_EIO, "%s: HTTP 404: %s (expected a table id that exists; "
                        "Statistikkbanken shows each table's)", url, title);
    if (r->status >= 500) {
        if (!r->body.len)
            return lk__fail(f, LK_FETCH_FAIL_SERVER, LK_EIO, "%s: HTTP %ld with an empty body (expected an answer; "
                            "the API says this for a value code given twice, or when it is down)", url, r->status);
        return lk__fail(f, LK_FETCH_FAIL_SERVER, LK_EIO, "%s: HTTP %ld%s%s (expected an answer; the API failed, try "
                        "again later)", url, r->status, *title ? ": " : "", title);
    }
    if (*title)
        return lk__fail(f, LK_FETCH_FAIL_CLIENT, LK_EIO, "%s: HTTP %ld: %s (expected a query the API accepts)",
                        url, r->status, title);
    return lk__fail(f, LK_FETCH_FAIL_CLIENT, LK_EIO, "%s: HTTP %ld%s (expected a query the API accepts)", url,
                    r->status, r->status == 404 ? ", not found (a GET URL that is too long also gives this)" : "");
}

static int once(lk_fetch *f, const char *method, const char *url, const char *body, lk__resp *r)
{
    char why[LK_CURL_WHY_MAX];
    const lk__curl_api *cu = lk__curl(why);
    if (!cu) return lk__fail(f, LK_FETCH_FAIL_NETWORK, LK_EIO, "%s: %s", url, why);
    if (!f->curl && !(f->curl = cu->easy_init()))
        return lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "%s: out of memory (libcurl would not start)", url);
    CURL *c = f->curl;
    char detail[CURL_ERROR_SIZE] = "";
    struct curl_slist *hdr = NULL;
    lk__buf_free(&r->body);
    r->status = 0;
    r->last_modified[0] = r->content_type[0] = r->retry_after[0] = '\0';
    r->ratelimit_remaining = -1;
    cu->easy_reset(c);
    cu->easy_setopt(c, CURLOPT_URL, url);
    cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    cu->easy_setopt(c, CURLOPT_ERRORBUFFER, detail);
    cu->easy_setopt(c, CURLOPT_USERAGENT, "levekar/" LK_VERSION_STRING);
    cu->easy_setopt(c, CURLOPT_TIMEOUT_MS, f->o.timeout_ms);
    cu->easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, f->o.timeout_ms);
    cu->easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    cu->easy_setopt(c, CURLOPT_WRITEDATA, r);
    cu->easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    cu->easy_setopt(c, CURLOPT_HEADERDATA, r);
#if LIBCURL_VERSION_NUM >= 0x075500
    cu->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
    if (strcmp(method, "POST") == 0) {
        hdr = cu->slist_append(hdr, "Content-Type: application/json; charset=utf-8");
        if (!hdr) return lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "%s: out of memory", url);
        cu->easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
        cu->easy_setopt(c, CURLOPT_POSTFIELDS, body);
        cu->easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    lk__throttle_wait(f);
    lk__throttle_note(f);
    CURLcode cc = cu->easy_perform(c);
    cu->slist_free_all(hdr);
    cu->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    if (r->ratelimit_remaining >= 0) f->remaining = r->ratelimit_remaining;
    f->last_status = r->status;
    if (cc == CURLE_WRITE_ERROR || cc == CURLE_OUT_OF_MEMORY)
        return lk__fail(f, LK_FETCH_FAIL_NONE, LK_ENOMEM, "%s: out of memory", url);
    if (cc != CURLE_OK) return classify_curl(f, cc, url, r, detail);
    return LK_OK;
}

int lk__http(lk_fetch *f, const char *method, const char *url, const char *body, lk__resp *r)
{
    f->fail = LK_FETCH_FAIL_NONE;
    f->last_status = 0;
    if (f->o.offline)
        return lk__fail(f, LK_FETCH_FAIL_NETWORK, LK_EIO, "%s: not in the cache %s (expected it there: offline, "
                        "nothing is asked of the network)", url, f->cache);
    for (int attempt = 1;; attempt++) {
        int rc = once(f, method, url, body, r);
        if (rc != LK_OK) return rc;
        if (r->status >= 200 && r->status < 300) return LK_OK;
        if ((r->status == 429 || r->status == 503) && attempt <= f->o.max_retries) {
            double wait = lk__retry_wait(f, r->retry_after, attempt);
            if (wait < 0)
                return lk__fail(f, LK_FETCH_FAIL_CLIENT, LK_EIO, "%s: HTTP %ld, Retry-After %s (expected a wait of "
                                "at most %.0f s; try again later)", url, r->status, r->retry_after, f->o.max_wait_s);
            lk__sleep(f, wait);
            continue;
        }
        if (r->status == 429)
            return lk__fail(f, LK_FETCH_FAIL_CLIENT, LK_EIO, "%s: HTTP 429, too many requests, still after %d "
                            "tries (expected at most %d calls in %.0f s; try again later)", url, attempt,
                            f->o.max_calls, f->o.window_s);
        return classify_status(f, url, r);
    }
}
