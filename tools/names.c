/* Region names without codes (old FHI exports), resolved by the commands that read data (tidy,
 * report): a name that matches no region is said after its file (an error under --strict), and two
 * names of one file that resolve to the same code would give an observation twice (#13 A3). */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "levekar.h"

int lk_cli_names_resolve(lk_cli_names *u, lk_geo *geo, const char *path, const lk_obs *obs, lk_obs *out, char *code)
{
    *out = *obs;
    if (obs->region[0] || !obs->region_name[0]) return LK_OK;
    int rc = lk_geo_resolve_obs(geo, out, code);
    if (rc == LK_EDATA) {
        snprintf(u->why, sizeof u->why, "%s", lk_geo_errmsg(geo));
        return rc;
    }
    if (rc == LK_ENOTFOUND) {
        if (u->unknown_obs++ == 0) u->line = obs->line;
        for (size_t i = 0; i < u->n; i++)
            if (strncmp(u->unknown[i], obs->region_name, sizeof u->unknown[i] - 1) == 0) return LK_OK;
        if (u->n < sizeof u->unknown / sizeof u->unknown[0])
            snprintf(u->unknown[u->n++], sizeof u->unknown[0], "%s", obs->region_name);
        return LK_OK;
    }
    if (rc != LK_OK) return rc;
    /* each name a source of its own: the same observation from two names is an error */
    rc = u->by_name ? LK_OK : lk_obsset_new(&u->by_name);
    if (rc == LK_OK && obs->region_name != u->last_name) {
        char src[600];
        snprintf(src, sizeof src, "%s (name '%s')", path, obs->region_name);
        rc = lk_obsset_file(u->by_name, src);
        u->last_name = obs->region_name;
    }
    if (rc == LK_OK) rc = lk_obsset_add(u->by_name, out);
    if (rc == LK_EDATA)
        snprintf(u->why, sizeof u->why, "'%s' is %s: %s", obs->region_name, out->region, lk_obsset_errmsg(u->by_name));
    else if (rc != LK_OK && rc != LK_ENOMEM)
        snprintf(u->why, sizeof u->why, "%s", lk_obsset_errmsg(u->by_name));
    return rc;
}

int lk_cli_names_done(lk_cli_names *u, const char *path, int strict, const char *cmd)
{
    u->last_name = NULL; /* the next file's names are new sources (a freed reader's address may come back) */
    if (!u->unknown_obs) return LK_EXIT_OK;
    char list[600] = "";
    for (size_t i = 0; i < u->n; i++) {
        size_t k = strlen(list);
        snprintf(list + k, sizeof list - k, "%s'%s'", i ? ", " : "", u->unknown[i]);
    }
    fprintf(stderr, "%s%s%s%s:%lu: %zu observations name a region that is no kommune or fylke in their year: %s%s "
            "(expected names as in KLASS, e.g. 'Nes (Buskerud)', or codes)%s\n", strict ? "" : "levekar ",
            strict ? "" : cmd, strict ? "" : ": warning: ", path, u->line, u->unknown_obs, list,
            u->n == sizeof u->unknown / sizeof u->unknown[0] ? ", ..." : "", strict ? "" : "; kept without a code");
    u->unknown_obs = u->n = 0;
    return strict ? LK_EXIT_DATA : LK_EXIT_OK;
}

void lk_cli_names_free(lk_cli_names *u)
{
    lk_obsset_free(u->by_name);
    memset(u, 0, sizeof *u);
}
