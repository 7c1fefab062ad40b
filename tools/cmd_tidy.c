/* levekar tidy: every observation of every input file as one tidy CSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "levekar.h"
#include "opt.h"

static const lk_opt tidy_opts[] = {
    { &lk_opt_output, NULL, NULL },
    { &lk_opt_geography, NULL, "harmonise to the borders of YEAR ('latest': the latest year in the\n"
                               "data): merged kommuner summed, splits flagged ~split, rates of\n"
                               "merged units ~rate, fylker rebuilt from kommuner where borders changed" },
    { &lk_opt_estimate_splits, NULL, "with --geography: share out the counts of a unit divided whole\n"
                                     "(Ålesund 2020-2023) by the new units' shares of the same series in\n"
                                     "the first later period; flagged ~estimated" },
    { &lk_opt_zones, NULL, "add one row per zone and period (level 'zone'): the summed counts of\n"
                           "its members; zone file header: zone,name,member" },
    { &lk_opt_changes, NULL, NULL },
    { &lk_opt_suppress, NULL, "small-count protection of the counts written: fhi (fewer than 5;\n"
                              "on by default for zones, grunnkretser and bydeler, and the zones or\n"
                              "grunnkretser that would give one away), ssb (fewer than 3), none;\n"
                              "given, it protects kommuner too" },
    { &lk_opt_min_numerator, NULL, "hide a count below T (0: no such rule)" },
    { &lk_opt_min_denominator, NULL, "also hide a count below N (tidy cannot tell cases from a\n"
                                     "population; 0: no such rule, the default)" },
    { &lk_opt_reference_parser, NULL, NULL },
    { &lk_opt_strict, NULL, "fail on blank rows inside the data, on labels taken from the\n"
                            "row above (merged cells) and on region names that match no\n"
                            "kommune or fylke; without it they are said on stderr" },
};
static const lk_opt_group tidy_groups[] = { { "Options:", tidy_opts, LK_OPT_N(tidy_opts) } };

const lk_opt_cmd lk_opt_cmd_tidy = {
    .name = "tidy", .synopsis = "[OPTIONS] FILE...",
    .summary = "read exports and write one tidy CSV of observations",
    .description = "Read SSB/FHI CSV exports and write one tidy CSV (UTF-8, ',', RFC 4180) with the header\n"
                   "  " LK_TIDY_HEADER "\n"
                   "A missing value has an empty 'value' and the file's symbol in 'status' ('..', ':', ...).\n"
                   "A small count of a zone, grunnkrets or bydel is written without a value, status '~suppressed',\n"
                   "and one that would give it away by subtraction '~suppressed:secondary' (see --suppress).\n",
    .args = 1, .groups = tidy_groups, .n_groups = LK_OPT_N(tidy_groups)
};

typedef struct tidy_ctx {
    FILE *out;
    lk_geo *geo;
    lk_harmoniser *harm;   /* NULL unless --geography */
    lk_zone_agg *zones;    /* NULL unless --zones */
    const char *path;
    int rc;                /* why the callback stopped */
    lk_obsset *seen;       /* the observations of the files so far, with more than one file */
    lk_name_resolver *names; /* region names without codes (lib/geography/name_resolver.c) */
    lk_tidy_protect *protect; /* NULL with --suppress none: the rows go out as they come */
} tidy_ctx;

/* An observation to be written: through the protection, or at once. */
static int deliver(tidy_ctx *t, const lk_obs *o)
{
    if (!t->protect) return lk_tidy_write_obs(t->out, o);
    int rc = lk_tidy_protect_add(t->protect, o);
    return rc == LK_EUSER ? LK_EIO : rc; /* the protection's callback is the writer */
}

static int on_obs(const lk_obs *obs, void *payload)
{
    tidy_ctx *t = payload;
    lk_obs o;
    char code[LK_REGION_CODE_MAX];
    int rc = lk_name_resolver_resolve(t->names, t->path, obs, &o, code);
    if (rc != LK_OK) {
        if (rc != LK_ENOMEM) fprintf(stderr, "%s:%lu: %s\n", t->path, obs->line, lk_name_resolver_errmsg(t->names));
        t->rc = rc;
        return 1;
    }
    if (t->seen && (rc = lk_obsset_add(t->seen, &o)) != LK_OK) {
        if (rc != LK_ENOMEM) fprintf(stderr, "%s:%lu: %s\n", t->path, obs->line, lk_obsset_errmsg(t->seen));
        t->rc = rc;
        return 1;
    }
    rc = t->zones ? lk_zone_agg_add(t->zones, &o) : LK_OK;
    if (rc == LK_OK) rc = t->harm ? lk_harmoniser_add(t->harm, &o) : deliver(t, &o);
    if (rc != LK_OK) {
        t->rc = rc;
        return 1;
    }
    return 0;
}

static int write_obs(const lk_obs *obs, void *payload)
{
    return lk_tidy_write_obs(payload, obs) == LK_OK ? 0 : 1;
}

static int deliver_obs(const lk_obs *obs, void *payload)
{
    tidy_ctx *t = payload;
    t->rc = deliver(t, obs);
    return t->rc == LK_OK ? 0 : 1;
}

/* The run, with the options checked (o stays valid until it returns). */
static int tidy(const lk_opt_result *o)
{
    lk_read_opts opts = LK_READ_OPTS_INIT;
    opts.reference_parser = lk_opt_given(o, "reference-parser");
    const char *out_path = lk_opt_str(o, "output");
    const char *changes = lk_opt_str(o, "changes"), *zones_path = lk_opt_str(o, "zones");
    int geography = (int)lk_opt_num(o, "geography", -1); /* -1: no harmonisation, 0: latest year in the data */
    int estimate = lk_opt_given(o, "estimate-splits"), strict = lk_opt_given(o, "strict");
    const char **files = o->args;
    int n_files = (int)o->n_args;
    if (n_files == 0) {
        fprintf(stderr, "levekar tidy: no input files (expected one or more CSV exports)\n");
        lk_opt_help(stderr, &lk_opt_cmd_tidy);
        return LK_EXIT_USAGE;
    }
    int ec = lk_cli_distinct_files((const char *const *)files, (size_t)n_files);
    if (ec != LK_EXIT_OK) return ec;
    {
        /* before anything is read: an output over one of the inputs would destroy it */
        const char **all_in = malloc(((size_t)n_files + 2) * sizeof *all_in);
        if (!all_in) return lk_cli_nomem(NULL);
        memcpy(all_in, files, (size_t)n_files * sizeof *all_in);
        all_in[n_files] = zones_path;
        all_in[n_files + 1] = changes;
        int bad = lk_output_check_inputs("tidy", out_path, all_in, (size_t)n_files + 2);
        free(all_in);
        if (bad) return bad;
    }
    tidy_ctx t;
    memset(&t, 0, sizeof t);
    t.rc = LK_OK;
    lk_zones *zones = NULL;
    lk_output out = { NULL, NULL, NULL, NULL, 0 };
    if (zones_path) {
        int zrc = lk_zones_load(&zones, zones_path);
        if (zrc == LK_OK) zrc = lk_zone_agg_new(&t.zones, zones);
        if (zrc != LK_OK) {
            ec = lk_cli_fail(zrc, lk_zones_errmsg(zones));
            goto done;
        }
    }
    if (lk_geo_new(&t.geo) != LK_OK || lk_name_resolver_new(&t.names, t.geo) != LK_OK
        || (n_files > 1 && lk_obsset_new(&t.seen) != LK_OK)) {
        ec = lk_cli_nomem(NULL);
        goto done;
    }
    int grc = changes ? lk_geo_load_changes(t.geo, changes) : LK_OK;
    if (grc != LK_OK) {
        ec = grc == LK_ENOMEM ? lk_cli_nomem(lk_geo_errmsg(t.geo)) : lk_cli_fail(LK_EDATA, lk_geo_errmsg(t.geo));
        goto done;
    }
    if (geography >= 0) {
        lk_harmonise_opts ho = LK_HARMONISE_OPTS_INIT;
        ho.target_year = geography;
        ho.estimate_splits = estimate;
        if (lk_harmoniser_new(&t.harm, t.geo, &ho) != LK_OK) {
            ec = lk_cli_nomem(NULL);
            goto done;
        }
    }
    if ((ec = lk_output_open(&out, out_path)) != LK_EXIT_OK) goto done;
    {
        lk_suppress_opts so;
        lk_cli_suppress_opts(o, &so);
        if ((so.min_numerator != 0 || so.min_denominator != 0)
            && lk_tidy_protect_new(&t.protect, &so, zones, write_obs, out.fp) != LK_OK) {
            ec = lk_cli_nomem(NULL);
            goto done;
        }
    }
    t.out = out.fp;
    ec = lk_tidy_write_header(out.fp) == LK_OK ? LK_EXIT_OK : LK_EXIT_IO;
    for (int i = 0; i < n_files && ec == LK_EXIT_OK; i++) {
        lk_reader *r = NULL;
        t.path = files[i];
        if (t.seen && lk_obsset_file(t.seen, files[i]) != LK_OK) {
            ec = lk_cli_nomem(NULL);
            break;
        }
        int rc = lk_reader_open_ex(&r, files[i], &opts);
        if (rc == LK_OK) rc = lk_reader_run(r, on_obs, &t);
        if (rc == LK_EUSER) {
            if (t.rc == LK_EIO) ec = lk_output_failed(&out, "tidy");
            else if (t.rc == LK_EDATA || t.rc == LK_ELIMIT) ec = LK_EXIT_DATA;
            else ec = lk_cli_nomem(NULL);
        } else if (rc != LK_OK) {
            ec = lk_cli_fail(rc, lk_reader_errmsg(r));
        } else {
            ec = lk_cli_account(r, strict, "tidy");
            if (ec == LK_EXIT_OK) ec = lk_cli_names_done(t.names, files[i], strict, "tidy");
        }
        lk_reader_free(r);
    }
    if (ec == LK_EXIT_OK && t.harm) {
        int rc = lk_harmoniser_finish(t.harm, deliver_obs, &t);
        if (rc != LK_OK) ec = rc == LK_EUSER && t.rc != LK_ENOMEM ? lk_output_failed(&out, "tidy") : lk_cli_nomem(NULL);
    }
    if (ec == LK_EXIT_OK && t.zones) {
        int rc = lk_zone_agg_finish(t.zones, deliver_obs, &t);
        if (rc == LK_EUSER && t.rc == LK_ENOMEM) ec = lk_cli_nomem(NULL);
        else if (rc != LK_OK) ec = rc == LK_EUSER ? lk_output_failed(&out, "tidy") : lk_cli_exit_code(rc);
    }
    lk_suppress_result res = { 0, 0, 0, 0 };
    if (ec == LK_EXIT_OK && t.protect) {
        int rc = lk_tidy_protect_finish(t.protect, &res);
        if (rc != LK_OK) ec = rc == LK_EUSER ? lk_output_failed(&out, "tidy") : lk_cli_nomem(NULL);
    }
    /* what the run did, said once everything is written (a failure says only itself) */
    if (ec == LK_EXIT_OK && t.harm) {
        const lk_harmonise_stats *st = lk_harmoniser_stats(t.harm);
        fprintf(stderr,
                "levekar tidy: borders of %d: %zu observations in, %zu out; %zu kommune values recoded, "
                "%zu sums of merged units, %zu ~split, %zu ~rate, %zu ~incomplete, %zu ~estimated; fylker: %zu kept, %zu rebuilt from "
                "kommuner, %zu flagged; %zu unknown codes passed on%s",
                st->target_year, st->in, st->out, st->recoded, st->summed, st->split_flagged,
                st->rate_flagged, st->incomplete, st->estimated, st->fylke_kept, st->fylke_rebuilt, st->fylke_flagged,
                st->unknown_codes, st->subunits_recoded || st->subunits_flagged ? "" : "\n");
        if (st->subunits_recoded || st->subunits_flagged) /* grunnkretser and bydeler follow their kommune */
            fprintf(stderr, "; grunnkretser and bydeler: %zu recoded, %zu summed, %zu without a code at %d\n",
                    st->subunits_recoded, st->subunits_summed, st->subunits_flagged, st->target_year);
    }
    if (ec == LK_EXIT_OK && t.zones && !lk_zone_agg_matched(t.zones)) {
        char data[256];
        lk_zone_agg_describe_data(t.zones, data, sizeof data);
        lk_cli_warn_zones("tidy", zones_path, zones, data);
    }
    if (ec == LK_EXIT_OK && (res.primary || res.secondary))
        fprintf(stderr, "levekar tidy: small counts: %zu hidden (~suppressed), %zu more so that none can be worked "
                "out (~suppressed:secondary)%s\n", res.primary, res.secondary,
                res.unresolved ? "; some could still be, as the only cells left are shown by rule" : "");
done:
    lk_tidy_protect_free(t.protect);
    lk_obsset_free(t.seen);
    lk_name_resolver_free(t.names);
    lk_harmoniser_free(t.harm);
    lk_geo_free(t.geo);
    lk_zone_agg_free(t.zones);
    lk_zones_free(zones);
    if (ec != LK_EXIT_OK) {
        if (out.fp) lk_output_abort(&out);
        return ec;
    }
    return lk_output_commit(&out);
}

int lk_cmd_tidy(int argc, char **argv)
{
    lk_opt_result o;
    int ec = lk_opt_parse(&o, &lk_opt_cmd_tidy, argc, argv);
    if (ec != LK_OPT_CONTINUE) return ec;
    ec = tidy(&o);
    lk_opt_free(&o);
    return ec;
}
