/* levekar regions: the built-in geography (and loaded change lists) for a person to read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "levekar.h"
#include "opt.h"

/* --changes here lists the change events; elsewhere it names a KLASS file, which is --klass here
 * (kept: scripts use both). */
static const lk_opt_spec list_changes = {
    .name = "changes", .kind = LK_OPT_FLAG, .help = "list change events instead of units"
};
static const lk_opt_spec klass_file = {
    .name = "klass", .kind = LK_OPT_FILE, .value = "FILE",
    .help = "first add the changes in a KLASS change list (CSV)"
};
static const lk_opt regions_opts[] = {
    { &lk_opt_year, NULL, "the year whose units to list" },
    { &list_changes, NULL, NULL },
    { &klass_file, NULL, NULL },
    { &lk_opt_output, NULL, NULL },
};
static const lk_opt_group regions_groups[] = { { "Options:", regions_opts, LK_OPT_N(regions_opts) } };

const lk_opt_cmd lk_opt_cmd_regions = {
    .name = "regions", .synopsis = "[--year YEAR] [--changes] [--klass FILE]",
    .summary = "list kommuner and fylker of a year, or --changes",
    .description = "List the land, fylker and kommuner valid in YEAR (default: the latest change year) as\n"
                   "CSV 'level,code,name,fylke', or with --changes every change event as CSV\n"
                   "'year,level,kind,from_code,from_name,to_code,to_name' (kind: merge, split, move, rename).\n"
                   "Kilde: Statistisk sentralbyrå (KLASS 131 and 104).\n",
    .args = 0, .groups = regions_groups, .n_groups = LK_OPT_N(regions_groups)
};

int lk_cmd_regions(int argc, char **argv)
{
    lk_opt_result o;
    int pec = lk_opt_parse(&o, &lk_opt_cmd_regions, argc, argv);
    if (pec != LK_OPT_CONTINUE) return pec;
    int year = (int)lk_opt_num(&o, "year", 0), changes = lk_opt_given(&o, "changes");
    const char *klass = lk_opt_str(&o, "klass"), *out_path = lk_opt_str(&o, "output");
    lk_opt_free(&o); /* the values are argv's */
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
