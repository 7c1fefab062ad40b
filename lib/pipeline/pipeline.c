/* The whole chain in one call (levekar/pipeline.h): files → observations (names resolved to
 * codes) → the same observation in two files refused → harmonised to one year's borders →
 * zones summed → the indicator's counts (and published rate) → report rows. The order is the
 * one `levekar report` follows, so both give the same numbers; this one reads each file in one
 * thread (the tool splits large files for speed). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/harmonise.h"
#include "levekar/inputs.h"
#include "levekar/pipeline.h"
#include "levekar/zones.h"

struct lk_pipeline {
    lk_registry *reg;
    lk_geo *geo;
    lk_zones *zones;
    lk_calc *calc;
    lk_published *pub;
    lk_report *rep;
    lk_obsset *seen;
    lk_calc_opts copts;  /* kept: the published rates hold a pointer to them */
    char errmsg[1024];
};

/* One file's reading: where its observations go. */
typedef struct run_ctx {
    lk_pipeline *p;
    lk_reader *reader;
    lk_harmoniser *harm;
    lk_zone_agg *zagg;
    const char *path;
    int file, rc;
} run_ctx;

static int pfail(lk_pipeline *p, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int pfail(lk_pipeline *p, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->errmsg, sizeof p->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

/* Stop the reading with rc; the reader puts the file and line before the reason. */
static int stop(run_ctx *x, int rc, const char *why)
{
    x->rc = rc;
    if (rc != LK_ENOMEM && why && *why && x->reader) lk_reader_stop_reason(x->reader, why);
    return 1;
}

static int to_calc(const lk_obs *obs, void *payload)
{
    run_ctx *x = payload;
    int rc = x->zagg && obs->level != LK_LEVEL_ZONE ? lk_zone_agg_add(x->zagg, obs) : LK_OK;
    if (rc == LK_OK && x->p->pub) rc = lk_published_add(x->p->pub, obs, x->file, x->path);
    if (rc != LK_OK) return stop(x, rc, NULL);
    rc = lk_calc_add(x->p->calc, obs, x->file);
    return rc == LK_OK ? 0 : stop(x, rc, lk_calc_errmsg(x->p->calc));
}

static int on_obs(const lk_obs *obs, void *payload)
{
    run_ctx *x = payload;
    lk_obs o;
    char code[LK_REGION_CODE_MAX];
    if (!obs->region[0] && obs->region_name[0]) { /* a name without a code (old FHI exports) */
        o = *obs;
        int rc = lk_geo_resolve_obs(x->p->geo, &o, code);
        if (rc != LK_OK) return stop(x, rc, lk_geo_errmsg(x->p->geo));
        if (!o.region[0]) {
            char why[256];
            snprintf(why, sizeof why, "the name '%s' is no kommune or fylke of %d (expected a region name, or a "
                     "file with codes)", obs->region_name, obs->period_info.last_year);
            return stop(x, LK_EDATA, why);
        }
        obs = &o;
    }
    if (x->p->seen) {
        int rc = lk_obsset_add(x->p->seen, obs);
        if (rc != LK_OK) return stop(x, rc, lk_obsset_errmsg(x->p->seen));
    }
    if (x->harm) {
        int rc = lk_harmoniser_add(x->harm, obs);
        return rc == LK_OK ? 0 : stop(x, rc, NULL);
    }
    return to_calc(obs, x);
}

static int read_file(lk_pipeline *p, const char *path, int file, int geography)
{
    run_ctx x = { p, NULL, NULL, NULL, path, file, LK_OK };
    int rc = lk_reader_open_ex(&x.reader, path, NULL); /* keeps the message on failure */
    if (rc != LK_OK) {
        pfail(p, rc, "%s", lk_reader_errmsg(x.reader));
        lk_reader_free(x.reader);
        return rc;
    }
    if (p->seen && lk_obsset_file(p->seen, path) != LK_OK) rc = LK_ENOMEM;
    if (rc == LK_OK && p->zones) rc = lk_zone_agg_new(&x.zagg, p->zones);
    if (rc == LK_OK && geography >= 0) {
        lk_harmonise_opts ho = LK_HARMONISE_OPTS_INIT;
        ho.target_year = geography;
        rc = lk_harmoniser_new(&x.harm, p->geo, &ho);
    }
    if (rc == LK_OK) {
        rc = lk_reader_run(x.reader, on_obs, &x);
        if (rc == LK_EUSER) rc = x.rc;
        if (rc != LK_OK && rc != LK_ENOMEM) pfail(p, rc, "%s", lk_reader_errmsg(x.reader));
    }
    lk_reader *r = x.reader;
    x.reader = NULL; /* after the reading: the finishing callbacks have no line */
    if (rc == LK_OK && x.harm) {
        rc = lk_harmoniser_finish(x.harm, to_calc, &x);
        if (rc == LK_EUSER) rc = pfail(p, x.rc, "%s: %s", path, lk_calc_errmsg(p->calc));
    }
    if (rc == LK_OK && x.zagg) {
        rc = lk_zone_agg_finish(x.zagg, to_calc, &x);
        if (rc == LK_EUSER) rc = pfail(p, x.rc, "%s: %s", path, lk_calc_errmsg(p->calc));
    }
    if (rc == LK_ENOMEM) pfail(p, rc, "out of memory");
    lk_harmoniser_free(x.harm);
    lk_zone_agg_free(x.zagg);
    lk_reader_free(r);
    return rc;
}

/* The indicator, its computation and its published rate. */
static int set_up(lk_pipeline *p, const lk_pipeline_opts *o, const lk_indicator **ind)
{
    int rc = lk_registry_new(&p->reg);
    if (rc != LK_OK) return pfail(p, rc, "%s", lk_registry_errmsg(p->reg));
    if (o->indicators_file && (rc = lk_registry_load(p->reg, o->indicators_file)) != LK_OK)
        return pfail(p, rc, "%s", lk_registry_errmsg(p->reg));
    *ind = o->definition ? o->definition : o->indicator ? lk_registry_find(p->reg, o->indicator) : NULL;
    if (!*ind) return pfail(p, LK_EDATA, "unknown indicator '%s' (expected one of `levekar indicators`)",
                            o->indicator ? o->indicator : "");
    if ((rc = lk_geo_new(&p->geo)) != LK_OK) return pfail(p, rc, "out of memory");
    if (o->changes_file && (rc = lk_geo_load_changes(p->geo, o->changes_file)) != LK_OK)
        return pfail(p, rc, "%s", lk_geo_errmsg(p->geo));
    if (o->zones_file && (rc = lk_zones_load(&p->zones, o->zones_file)) != LK_OK)
        return pfail(p, rc, "%s", lk_zones_errmsg(p->zones));
    lk_calc_opts co = LK_CALC_OPTS_INIT;
    p->copts = co;
    p->copts.window = o->window;
    p->copts.skip_missing = o->skip_missing;
    p->copts.where = o->where;
    p->copts.n_where = o->n_where;
    if ((rc = lk_calc_new(&p->calc, *ind, &p->copts)) != LK_OK) return pfail(p, rc, "%s", lk_calc_errmsg(p->calc));
    if (*(*ind)->rate.measure && (rc = lk_published_new(&p->pub, &(*ind)->rate, &p->copts)) != LK_OK)
        return pfail(p, rc, "out of memory");
    return LK_OK;
}

static int check_files(lk_pipeline *p, const char *const *files, size_t n)
{
    size_t a, b;
    int rc = lk_same_export(files, n, &a, &b);
    if (rc == LK_EDATA) return pfail(p, rc, "%s: the same export as %s (expected each file once)", files[b], files[a]);
    if (rc != LK_OK) return pfail(p, rc, "cannot compare the input files");
    if (n > 1 && (rc = lk_obsset_new(&p->seen)) != LK_OK) return pfail(p, rc, "out of memory");
    return LK_OK;
}

/* Counts, a published rate, or both (the counts win where both are): what the data gives. */
static int finish(lk_pipeline *p, int *use_calc)
{
    int prc = p->pub ? lk_published_finish(p->pub) : LK_ENOTFOUND;
    if (prc != LK_OK && prc != LK_ENOTFOUND) return pfail(p, prc, "%s", lk_published_errmsg(p->pub));
    int rc = lk_calc_finish(p->calc);
    *use_calc = rc == LK_OK;
    if (rc == LK_EDATA && prc == LK_OK && strstr(lk_calc_errmsg(p->calc), "no observation matched")) return LK_OK;
    if (rc != LK_OK) return pfail(p, rc, "%s", lk_calc_errmsg(p->calc));
    return LK_OK;
}

int lk_pipeline_run(lk_pipeline **out, const char *const *files, size_t n_files, const lk_pipeline_opts *opts)
{
    if (!out) return LK_EINVAL;
    lk_pipeline *p = calloc(1, sizeof *p);
    *out = p;
    if (!p) return LK_ENOMEM;
    if (!files || !n_files || !opts || opts->version != LK_PIPELINE_OPTS_VERSION || (!opts->all && !opts->n_areas))
        return pfail(p, LK_EINVAL, "no input files, or no area (expected files, and areas or all)");
    const lk_indicator *ind = NULL;
    int rc = set_up(p, opts, &ind);
    if (rc == LK_OK) rc = check_files(p, files, n_files);
    for (size_t i = 0; i < n_files && rc == LK_OK; i++) rc = read_file(p, files[i], (int)i, opts->geography);
    int use_calc = 0;
    if (rc == LK_OK) rc = finish(p, &use_calc);
    if (rc == LK_OK && (rc = lk_report_new(&p->rep, ind, &opts->report)) != LK_OK) return pfail(p, rc, "bad report options");
    if (rc != LK_OK) return rc;
    lk_report_set_zones(p->rep, p->zones);
    if (p->pub && lk_published_count(p->pub)) lk_report_set_published(p->rep, p->pub);
    lk_calc *calc = use_calc ? p->calc : NULL;
    for (size_t i = 0; i < opts->n_compare && rc == LK_OK; i++) rc = lk_report_add_compare(p->rep, opts->compare[i]);
    for (size_t i = 0; i < opts->n_areas && rc == LK_OK; i++) rc = lk_report_add_area(p->rep, calc, p->geo, opts->areas[i]);
    if (rc == LK_OK && opts->all) rc = lk_report_add_all(p->rep, calc, p->geo);
    if (rc != LK_OK) return pfail(p, rc, "%s", lk_report_errmsg(p->rep));
    return LK_OK;
}

const lk_report *lk_pipeline_report(const lk_pipeline *p)
{
    return p ? p->rep : NULL;
}

const char *lk_pipeline_note(const lk_pipeline *p)
{
    return p && p->calc ? lk_calc_note(p->calc) : "";
}

const char *lk_pipeline_errmsg(const lk_pipeline *p)
{
    return p ? p->errmsg : "out of memory (no pipeline)";
}

void lk_pipeline_free(lk_pipeline *p)
{
    if (!p) return;
    lk_report_free(p->rep);
    lk_published_free(p->pub);
    lk_calc_free(p->calc);
    lk_obsset_free(p->seen);
    lk_zones_free(p->zones);
    lk_geo_free(p->geo);
    lk_registry_free(p->reg);
    free(p);
}
