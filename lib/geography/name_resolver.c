/* Region names without codes (old FHI exports), resolved for every reading that needs codes
 * (levekar/geography.h): a name that matches no region is remembered and said after its file,
 * never left as a silent empty code (#13 A3); two names of one file that resolve to the same
 * code would give an observation twice, so each name is a source of its own for the duplicate
 * check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/geography.h"
#include "levekar/harmonise.h"
#include "levekar/inputs.h"

#define LK_NAMES_SHOWN 6

struct lk_name_resolver {
    lk_geo *geo;
    char unknown[LK_NAMES_SHOWN][80]; /* the first names that matched no region */
    size_t n, unknown_obs;
    unsigned long line;               /* of the first such observation */
    lk_obsset *by_name;               /* resolved observations, each name a source of its own */
    const char *last_name;
    char errmsg[1200];
};

int lk_name_resolver_new(lk_name_resolver **out, lk_geo *geo)
{
    if (!out || !geo) return LK_EINVAL;
    *out = calloc(1, sizeof **out);
    if (!*out) return LK_ENOMEM;
    (*out)->geo = geo;
    return LK_OK;
}

int lk_name_resolver_resolve(lk_name_resolver *u, const char *source, const lk_obs *obs, lk_obs *out, char *code)
{
    *out = *obs;
    if (obs->region[0] || !obs->region_name[0]) return LK_OK;
    int rc = lk_geo_resolve_obs(u->geo, out, code);
    if (rc == LK_EDATA) {
        snprintf(u->errmsg, sizeof u->errmsg, "%s", lk_geo_errmsg(u->geo));
        return rc;
    }
    if (rc == LK_ENOTFOUND) {
        if (u->unknown_obs++ == 0) u->line = obs->line;
        for (size_t i = 0; i < u->n; i++)
            if (strncmp(u->unknown[i], obs->region_name, sizeof u->unknown[i] - 1) == 0) return LK_OK;
        if (u->n < LK_NAMES_SHOWN) snprintf(u->unknown[u->n++], sizeof u->unknown[0], "%s", obs->region_name);
        return LK_OK;
    }
    if (rc != LK_OK) return rc;
    rc = u->by_name ? LK_OK : lk_obsset_new(&u->by_name);
    if (rc == LK_OK && obs->region_name != u->last_name) { /* names arrive in runs: a new run, a new source */
        char src[600];
        snprintf(src, sizeof src, "%s (name '%s')", source, obs->region_name);
        rc = lk_obsset_file(u->by_name, src);
        u->last_name = obs->region_name;
    }
    if (rc == LK_OK) rc = lk_obsset_add(u->by_name, out);
    if (rc == LK_EDATA)
        snprintf(u->errmsg, sizeof u->errmsg, "'%s' is %s: %s", obs->region_name, out->region,
                 lk_obsset_errmsg(u->by_name));
    else if (rc != LK_OK && rc != LK_ENOMEM)
        snprintf(u->errmsg, sizeof u->errmsg, "%s", lk_obsset_errmsg(u->by_name));
    return rc;
}

size_t lk_name_resolver_done(lk_name_resolver *u, const char *source, char *buf, size_t size)
{
    u->last_name = NULL; /* the next file's names are new sources (a freed reader's address may come back) */
    if (size) buf[0] = '\0';
    size_t n_obs = u->unknown_obs;
    if (!n_obs) return 0;
    char list[600] = "";
    for (size_t i = 0; i < u->n; i++) {
        size_t k = strlen(list);
        snprintf(list + k, sizeof list - k, "%s'%s'", i ? ", " : "", u->unknown[i]);
    }
    if (size)
        snprintf(buf, size, "%s:%lu: %zu observation%s name%s a region that is no kommune or fylke in their year: %s%s "
                 "(expected names as in KLASS, e.g. 'Nes (Buskerud)', or codes)", source, u->line, n_obs,
                 n_obs == 1 ? "" : "s", n_obs == 1 ? "s" : "", list, u->n == LK_NAMES_SHOWN ? ", ..." : "");
    u->unknown_obs = u->n = 0;
    return n_obs;
}

int lk_name_resolver_merge(lk_name_resolver *into, const lk_name_resolver *from, unsigned long line_base)
{
    if (!into || !from) return LK_EINVAL;
    if (!from->by_name) return LK_OK;
    int rc = into->by_name ? LK_OK : lk_obsset_new(&into->by_name);
    if (rc == LK_OK) rc = lk_obsset_merge(into->by_name, from->by_name, line_base);
    if (rc != LK_OK && rc != LK_ENOMEM)
        snprintf(into->errmsg, sizeof into->errmsg, "%s", lk_obsset_errmsg(into->by_name));
    into->last_name = NULL; /* the next observation starts a run of its own */
    return rc;
}

const char *lk_name_resolver_errmsg(const lk_name_resolver *u)
{
    return u ? u->errmsg : "out of memory";
}

void lk_name_resolver_free(lk_name_resolver *u)
{
    if (!u) return;
    lk_obsset_free(u->by_name);
    free(u);
}
