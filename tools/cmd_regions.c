/* levekar regions: the built-in geography (and loaded change lists) for a person to read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "levekar.h"

static void regions_usage(FILE *to)
{
    fputs("Usage: levekar regions [--year YEAR] [--changes] [--klass FILE]\n"
          "\n"
          "List the land, fylker and kommuner valid in YEAR (default: the latest change year) as\n"
          "CSV 'level,code,name,fylke', or with --changes every change event as CSV\n"
          "'year,level,kind,from_code,from_name,to_code,to_name' (kind: merge, split, move, rename).\n"
          "Kilde: Statistisk sentralbyrå (KLASS 131 and 104).\n"
          "\n"
          "Options:\n"
          "      --year YEAR     the year whose units to list\n"
          "      --changes       list change events instead of units\n"
          "      --klass FILE    first add the changes in a KLASS change list (CSV)\n"
          "  -o, --output FILE   write to FILE\n"
          "  -h, --help          show this help\n", to);
}

int lk_cmd_regions(int argc, char **argv)
{
    int year = 0, changes = 0;
    const char *klass = NULL, *out_path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            regions_usage(stdout);
            return LK_EXIT_OK;
        } else if (strcmp(a, "--changes") == 0) {
            changes = 1;
        } else if ((strcmp(a, "--year") == 0 || strcmp(a, "--klass") == 0 || strcmp(a, "-o") == 0
                    || strcmp(a, "--output") == 0) && i + 1 < argc) {
            const char *v = argv[++i];
            if (a[2] == 'y') {
                if (!lk_cli_year_value("regions", "--year", v, 0, &year)) return LK_EXIT_USAGE;
            } else if (a[2] == 'k') {
                klass = v;
            } else {
                out_path = v;
            }
        } else {
            fprintf(stderr, "levekar regions: unexpected argument '%s' (see levekar regions --help)\n", a);
            return LK_EXIT_USAGE;
        }
    }
    int bad = lk_output_check_inputs("regions", out_path, &klass, 1);
    if (bad) return bad;
    lk_geo *g;
    if (lk_geo_new(&g) != LK_OK) return lk_cli_nomem(NULL);
    int rc = klass ? lk_geo_load_changes(g, klass) : LK_OK;
    if (rc != LK_OK) {
        int ec = rc == LK_ENOMEM ? lk_cli_nomem(lk_geo_errmsg(g)) : lk_cli_fail(LK_EDATA, lk_geo_errmsg(g));
        lk_geo_free(g);
        return ec;
    }
    if (!year) year = lk_geo_latest_change_year(g);
    lk_output out;
    int ec = lk_output_open(&out, out_path);
    if (ec) {
        lk_geo_free(g);
        return ec;
    }
    rc = changes ? lk_geo_write_changes(g, out.fp) : lk_geo_write_units(g, year, out.fp);
    lk_geo_free(g);
    if (rc != LK_OK) return lk_output_failed(&out, "regions");
    return lk_output_commit(&out);
}
