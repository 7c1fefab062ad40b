/* libcurl loaded on first use (curl_load.h says why). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "curl_load.h"

static lk__curl_api api;
static int loaded; /* 1 loaded, -1 failed */
static char failed[LK_CURL_WHY_MAX];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* dlsym gives an object pointer; C has no portable cast to a function pointer, so it is copied */
static int sym(void *h, const char *name, void *fn, size_t size)
{
    void *p = dlsym(h, name);
    if (!p) {
        snprintf(failed, sizeof failed, "libcurl has no %s (expected libcurl 7.68 or later)", name);
        return 0;
    }
    memcpy(fn, &p, size);
    return 1;
}

static void load(void)
{
    void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(failed, sizeof failed, "cannot load libcurl (install libcurl4: apt-get install libcurl4): %s",
                 dlerror());
        loaded = -1;
        return;
    }
#define LK_SYM(field, name) sym(h, name, &api.field, sizeof api.field)
    int ok = LK_SYM(easy_init, "curl_easy_init") && LK_SYM(easy_cleanup, "curl_easy_cleanup")
             && LK_SYM(easy_reset, "curl_easy_reset") && LK_SYM(easy_setopt, "curl_easy_setopt")
             && LK_SYM(easy_perform, "curl_easy_perform") && LK_SYM(easy_getinfo, "curl_easy_getinfo")
             && LK_SYM(easy_strerror, "curl_easy_strerror") && LK_SYM(slist_append, "curl_slist_append")
             && LK_SYM(slist_free_all, "curl_slist_free_all") && LK_SYM(getdate, "curl_getdate");
#undef LK_SYM
    loaded = ok ? 1 : -1; /* the handle stays open for the process: libcurl keeps state */
}

const lk__curl_api *lk__curl(char *why)
{
    pthread_once(&once, load);
    if (loaded == 1) return &api;
    if (why) snprintf(why, LK_CURL_WHY_MAX, "%s", failed);
    return NULL;
}
