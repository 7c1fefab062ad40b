/* levekar coverage: how much of each kommune's grunnkrets count lies in no zone, or in
 * "uoppgitt" grunnkrets (kkkk9999), per series and period. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "levekar.h"
#include "opt.h"

static const lk_opt coverage_opts[] = {
    { &lk_opt_zones, NULL, "the zone file (header zone,name,member)" },
    { &lk_opt_output, NULL, NULL },
    { &lk_opt_suppress, NULL, "small-count protection of outside, uoppgitt and in_zones: fhi (fewer\n"
                              "than 5, the default), ssb (fewer than 3), none" },
    { &lk_opt_min_numerator, NULL, "hide a count below T (0: no such rule)" },
    { &lk_opt_min_denominator, NULL, "also hide a count below N (0: no such rule, the default)" },
};
static const lk_opt_group coverage_groups[] = { { "Options:", coverage_opts, LK_OPT_N(coverage_opts) } };

const lk_opt_cmd lk_opt_cmd_coverage = {
    .name = "coverage", .synopsis = "--zones FILE [-o OUT] DATA...",
    .summary = "share of each kommune's grunnkrets counts outside the zones",
    .description = "For each kommune, series and period in grunnkrets-level DATA: the total count, the part in\n"
                   "some zone, in 'uoppgitt' grunnkrets (kkkk9999) and in no zone (outside), and in per cent of the\n"
                   "total the share outside, the share in uoppgitt, and the share in no zone with uoppgitt, as CSV\n"
                   "  " LK_COVERAGE_HEADER "\n"
                   "outside and uoppgitt are counts of persons like a zone's: one below the limit is written empty\n"
                   "with its share (status '~suppressed'), and, since total = in_zones + uoppgitt + outside, the\n"
                   "smallest other one too ('~suppressed:secondary' where the row has no primary).\n",
    .args = 1, .groups = coverage_groups, .n_groups = LK_OPT_N(coverage_groups)
};

typedef struct cov_ctx {
    lk_zone_agg *agg;
    lk_obsset *seen;    /* with several files: the observations so far */
    lk_reader *reader;
    int rc;
} cov_ctx;

static int add(const lk_obs *obs, void *payload)
{
    cov_ctx *c = payload;
    c->rc = c->seen ? lk_obsset_add(c->seen, obs) : LK_OK;
    if (c->rc != LK_OK) {
        if (c->rc != LK_ENOMEM) lk_reader_stop_reason(c->reader, lk_obsset_errmsg(c->seen));
        return 1;
    }
    c->rc = lk_zone_agg_add(c->agg, obs);
    return c->rc == LK_OK ? 0 : 1;
}

void lk_cli_warn_zones(const char *cmd, const char *zones_path, const lk_zones *z, const char *data)
{
    char want[256];
    lk_zones_describe(z, want, sizeof want);
    fprintf(stderr, "levekar %s: warning: %s matches no region in the data: no zone has a member there (expected "
            "member codes such as %s; the data has %s)\n", cmd, zones_path, want, data);
}

/* The run, with the options checked (o stays valid until it returns). */
static int coverage(const lk_opt_result *o)
{
    const char *zones_path = lk_opt_str(o, "zones"), *out_path = lk_opt_str(o, "output");
    const char **files = o->args;
    int n_files = (int)o->n_args;
    if (!zones_path || n_files == 0) {
        fprintf(stderr, "levekar coverage: needs --zones FILE and data files\n");
        lk_opt_help(stderr, &lk_opt_cmd_coverage);
        return LK_EXIT_USAGE;
    }
    int ec = lk_cli_distinct_files((const char *const *)files, (size_t)n_files);
    if (ec != LK_EXIT_OK) return ec;
    {
        const char **all_in = malloc(((size_t)n_files + 1) * sizeof *all_in);
        if (!all_in) return lk_cli_nomem(NULL);
        memcpy(all_in, files, (size_t)n_files * sizeof *all_in);
        all_in[n_files] = zones_path;
        int bad = lk_output_check_inputs("coverage", out_path, all_in, (size_t)n_files + 1);
        free(all_in);
        if (bad) return bad;
    }
    lk_zones *zones = NULL;
    cov_ctx c = { NULL, NULL, NULL, LK_OK };
    lk_output out = { NULL, NULL, NULL, NULL, 0 };
    int rc = lk_zones_load(&zones, zones_path);
    if (rc == LK_OK) rc = lk_zone_agg_new(&c.agg, zones);
    if (rc != LK_OK) {
        ec = lk_cli_fail(rc, lk_zones_errmsg(zones));
        lk_zones_free(zones);
        return ec;
    }
    if (n_files > 1 && lk_obsset_new(&c.seen) != LK_OK) ec = lk_cli_nomem(NULL);
    for (int i = 0; i < n_files && ec == LK_EXIT_OK; i++) {
        lk_reader *r = NULL;
        rc = lk_reader_open_ex(&r, files[i], NULL);
        c.reader = r;
        if (rc == LK_OK && c.seen && lk_obsset_file(c.seen, files[i]) != LK_OK) rc = LK_ENOMEM;
        if (rc == LK_OK) rc = lk_reader_run(r, add, &c);
        if (rc == LK_EUSER) rc = c.rc; /* out of memory, or an observation given again (said by the reader) */
        if (rc != LK_OK) ec = lk_cli_fail(rc, lk_reader_errmsg(r));
        lk_reader_free(r);
    }
    if (ec == LK_EXIT_OK && !lk_zone_agg_matched(c.agg)) {
        char data[256];
        lk_zone_agg_describe_data(c.agg, data, sizeof data);
        lk_cli_warn_zones("coverage", zones_path, zones, data);
    }
    if (ec == LK_EXIT_OK && (ec = lk_output_open(&out, out_path)) == LK_EXIT_OK) {
        lk_suppress_opts so;
        lk_cli_suppress_opts(o, &so);
        lk_suppress_result res;
        rc = lk_coverage_write(out.fp, c.agg, &so, &res);
        if (rc != LK_OK) {
            ec = rc == LK_EIO ? lk_output_failed(&out, "coverage") : lk_cli_nomem(NULL);
            if (rc != LK_EIO) lk_output_abort(&out);
        } else {
            ec = lk_output_commit(&out);
            if (ec == LK_EXIT_OK && (res.primary || res.secondary))
                fprintf(stderr, "levekar coverage: small counts: %zu hidden (~suppressed), %zu more so that none can be "
                        "worked out (~suppressed:secondary)\n", res.primary, res.secondary);
        }
    }
    lk_obsset_free(c.seen);
    lk_zone_agg_free(c.agg);
    lk_zones_free(zones);
    return ec;
}

int lk_cmd_coverage(int argc, char **argv)
{
    lk_opt_result o;
    int ec = lk_opt_parse(&o, &lk_opt_cmd_coverage, argc, argv);
    if (ec != LK_OPT_CONTINUE) return ec;
    ec = coverage(&o);
    lk_opt_free(&o);
    return ec;
}
