/* libcurl, loaded when the first request is made (curl_load.c): the library and the command do
 * not link it, so a run that reads files never maps libcurl and the thirty libraries it needs
 * (TLS, HTTP/2, Kerberos, LDAP ...), which cost a small file's run half its time and 7 MiB of
 * memory (bench/README.md). Only lib/fetch calls libcurl, through these pointers. */
#ifndef LK_FETCH_CURL_LOAD_H
#define LK_FETCH_CURL_LOAD_H

#define CURL_DISABLE_TYPECHECK 1 /* the calls go through pointers, not curl.h's checking macros */
#include <curl/curl.h>

typedef struct lk__curl_api {
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    time_t (*getdate)(const char *, const time_t *);
} lk__curl_api;

/* The functions, loading libcurl.so.4 on the first call (thread-safe); NULL when it cannot be
 * loaded, with the reason in why (LK_CURL_WHY_MAX bytes). */
#define LK_CURL_WHY_MAX 256
const lk__curl_api *lk__curl(char *why);

#endif
