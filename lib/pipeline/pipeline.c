/* The whole chain in one call (levekar/pipeline.h): files → observations (names resolved to
 * codes) → the same observation in two files refused → harmonised to one year's borders →
 * zones summed → the indicator's counts (and published rate) → report rows, with a message for
 * everything the caller must know about the input. `levekar report`, `trend` and `chart` are
 * callers of this; read_files.c reads one file, indicator_options.c makes the indicators,
 * advice.c writes the messages about the data. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pipeline_internal.h"

int lk__pl_fail(lk_pipeline *p, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->errmsg, sizeof p->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

int lk__pl_say(lk_pipeline *p, lk_message_kind kind, const char *fmt, ...)
{
    if (p->n_msgs == p->cap_msgs) {
        size_t cap = p->cap_msgs ? 2 * p->cap_msgs : 8;
        lk_message *m = realloc(p->msgs, cap * sizeof *m);
        if (!m) return LK_ENOMEM;
        p->msgs = m;
        p->cap_msgs = cap;
    }
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *text = malloc(strlen(buf) + 1);
    if (!text) return LK_ENOMEM;
    strcpy(text, buf);
    p->msgs[p->n_msgs].kind = kind;
    p->msgs[p->n_msgs++].text = text;
    return LK_OK;
}

/* The same export given twice would count everything twice: files compared by lk_same_export
 * (one file under two names, a copy), buffers by their bytes. */
static int distinct_inputs(lk_pipeline *p, size_t n)
{
    const char **paths = malloc((n ? n : 1) * sizeof *paths);
    size_t *index = malloc((n ? n : 1) * sizeof *index);
    size_t np = 0, a = 0, b = 0;
    int rc = paths && index ? LK_OK : LK_ENOMEM;
    for (size_t i = 0; i < n && rc == LK_OK; i++)
        if (!p->inputs[i].data) {
            index[np] = i;
            paths[np++] = p->inputs[i].name;
        }
    if (rc == LK_OK && np) {
        rc = lk_same_export(paths, np, &a, &b);
        if (rc == LK_EDATA) a = index[a], b = index[b];
    }
    for (size_t i = 0; i < n && rc == LK_OK; i++)
        for (size_t k = i + 1; k < n && rc == LK_OK && p->inputs[i].data; k++)
            if (p->inputs[k].data && p->inputs[i].size == p->inputs[k].size
                && memcmp(p->inputs[i].data, p->inputs[k].data, p->inputs[i].size) == 0) {
                a = i;
                b = k;
                rc = LK_EDATA;
            }
    free(paths);
    free(index);
    if (rc == LK_EDATA)
        return lk__pl_fail(p, rc, "%s: the same export as %s (expected each file once)", p->files[b], p->files[a]);
    if (rc != LK_OK) return lk__pl_fail(p, rc, "cannot compare the input files (%s)", lk_strerror(rc));
    return LK_OK;
}

/* Geography, zones, the duplicate check and the name resolver: what every indicator shares. */
static int set_up(lk_pipeline *p, const lk_pipeline_opts *o, size_t n_files)
{
    int rc = lk_geo_new(&p->geo);
    if (rc != LK_OK) return lk__pl_fail(p, rc, "out of memory");
    if (o->changes_file && (rc = lk_geo_load_changes(p->geo, o->changes_file)) != LK_OK)
        return lk__pl_fail(p, rc, "%s", lk_geo_errmsg(p->geo));
    if (o->zones_file && (rc = lk_zones_load(&p->zones, o->zones_file)) != LK_OK)
        return lk__pl_fail(p, rc, "%s", lk_zones_errmsg(p->zones));
    if ((rc = distinct_inputs(p, n_files)) != LK_OK) return rc;
    if (n_files > 1 && (rc = lk_obsset_new(&p->seen)) != LK_OK) return lk__pl_fail(p, rc, "out of memory");
    if ((rc = lk_name_resolver_new(&p->names, p->geo)) != LK_OK) return lk__pl_fail(p, rc, "out of memory");
    lk_calc_opts co = LK_CALC_OPTS_INIT;
    p->copts = co;
    p->copts.window = o->window;
    p->copts.skip_missing = o->skip_missing;
    p->copts.where = o->where;
    p->copts.n_where = o->n_where;
    for (size_t i = 0; i < p->n_inds; i++) /* standardisation by sex needs the sex of each count kept */
        p->copts.by_sex |= o->standardise > 0 || (o->standardise < 0 && p->inds[i]->standardise != LK_STANDARDISE_NONE);
    return LK_OK;
}

/* Counts, a published rate, or both (the counts win where both are): what the data gives.
 * *with_rate: the published rate has values. */
static int finish(lk_pipeline *p, int rate_only, int *with_rate)
{
    int prc = p->pub ? lk_published_finish(p->pub) : LK_ENOTFOUND;
    *with_rate = prc == LK_OK;
    if (prc == LK_ENOMEM || (prc != LK_OK && prc != LK_ENOTFOUND) || (rate_only && prc != LK_OK))
        return lk__pl_fail(p, prc, "%s", prc == LK_ENOMEM ? "out of memory" : lk_published_errmsg(p->pub));
    int rc = p->calc ? lk_calc_finish(p->calc) : LK_OK;
    if (rc == LK_EDATA && *with_rate && strstr(lk_calc_errmsg(p->calc), "no observation matched")) {
        lk_calc_free(p->calc); /* only the rate is in the files: it is the indicator */
        p->calc = NULL;
        return LK_OK;
    }
    if (rc != LK_OK) return lk__pl_fail(p, rc, "%s", rc == LK_ENOMEM ? "out of memory" : lk_calc_errmsg(p->calc));
    return LK_OK;
}

/* Small counts hidden in the rows themselves (primary and secondary suppression), so that
 * every writer, the trend and the chart see only what may be published. */
static int protect(lk_pipeline *p, lk_report *rep)
{
    lk_suppress_opts fhi;
    const lk_suppress_opts *so = p->o->suppress;
    if (!so) {
        lk_suppress_preset(&fhi, "fhi");
        so = &fhi;
    }
    int rc = lk_report_protect(rep, so);
    if (rc != LK_OK)
        return lk__pl_fail(p, rc, "%s", rc == LK_ENOMEM ? "out of memory" : "bad small-count protection options");
    lk_suppress_result res;
    if (lk_report_protection(rep, &res) && res.unresolved
        && lk__pl_say(p, LK_MESSAGE_WARNING, "%zu sum%s of the report still give%s a hidden figure by subtraction: "
                      "the only figures left to hide are exempt from the protection", res.unresolved,
                      res.unresolved == 1 ? "" : "s", res.unresolved == 1 ? "s" : "") != LK_OK)
        return lk__pl_fail(p, LK_ENOMEM, "out of memory");
    return LK_OK;
}

/* Only the periods asked for; one that the report does not have is an error listing those it has. */
/* The distinct regions of the report's rows, into *v (malloc'd; NULL when memory ran out):
 * their texts are the report's copies, one pointer per region. */
static size_t regions_of(const lk_report *rep, const char ***v)
{
    size_t n = 0;
    *v = malloc((lk_report_count(rep) + 1) * sizeof **v);
    for (size_t i = 0; *v && i < lk_report_count(rep); i++) {
        const char *r = lk_report_get(rep, i)->region;
        size_t k = 0;
        while (k < n && (*v)[k] != r) k++;
        if (k == n) (*v)[n++] = r;
    }
    return n;
}

static int keep_periods(lk_pipeline *p, lk_report *rep)
{
    char missing[64];
    const char **before = NULL, **after = NULL;
    size_t nb = regions_of(rep, &before);
    if (!before) return lk__pl_fail(p, LK_ENOMEM, "out of memory");
    int rc = lk_report_keep_periods(rep, p->o->periods, p->o->n_periods, missing, sizeof missing);
    size_t na = rc == LK_OK ? regions_of(rep, &after) : 0;
    if (rc == LK_OK && !after) rc = LK_ENOMEM;
    if (rc == LK_OK && na < nb) { /* a region whose rows all lie outside the periods: said, not dropped silently */
        const char *gone = NULL;
        for (size_t i = 0; i < nb && !gone; i++) {
            size_t k = 0;
            while (k < na && after[k] != before[i]) k++;
            if (k == na) gone = before[i];
        }
        if (lk__pl_say(p, LK_MESSAGE_WARNING, "%zu region%s of the report %s no row in the periods asked (e.g. %s): "
                       "first and latest are the report's, not each region's", nb - na, nb - na == 1 ? "" : "s",
                       nb - na == 1 ? "has" : "have", gone ? gone : "") != LK_OK)
            rc = LK_ENOMEM;
    }
    free(before);
    free(after);
    if (rc == LK_ENOMEM) return lk__pl_fail(p, rc, "out of memory");
    if (rc != LK_ENOTFOUND) return rc == LK_OK ? LK_OK : lk__pl_fail(p, rc, "bad periods");
    char have[512] = "";
    size_t k = 0, shown = 0;
    int cut = 0;
    for (size_t i = 0; i < lk_report_count(rep) && !cut; i++) {
        const char *per = lk_report_get(rep, i)->period;
        if (strstr(have, per)) continue; /* periods are short and few: a listing, not an index */
        int w = snprintf(have + k, sizeof have - k, "%s%s", k ? ", " : "", per);
        if (w < 0 || k + (size_t)w + 8 >= sizeof have || ++shown > 30) {
            have[k] = '\0';
            cut = 1;
            break;
        }
        k += (size_t)w;
    }
    if (cut && k + 6 < sizeof have) strcat(have, ", ...");
    return lk__pl_fail(p, LK_EDATA, "period '%s' is not in the report (expected one of %s, first or latest)", missing,
                       *have ? have : "the data's periods");
}

/* The report of one indicator: its rows for the areas asked for (every region without any). */
static int report(lk_pipeline *p, const lk_indicator *ind, int with_rate, lk_report **out)
{
    const lk_pipeline_opts *o = p->o;
    int rc = lk_report_new(out, ind, &o->report);
    if (rc != LK_OK) return lk__pl_fail(p, rc, "%s", rc == LK_ENOMEM ? "out of memory" : "bad report options");
    lk_report *rep = *out;
    lk_report_set_zones(rep, p->zones);
    if (with_rate) lk_report_set_published(rep, p->pub);
    for (size_t i = 0; i < o->n_compare && rc == LK_OK; i++) rc = lk_report_add_compare(rep, o->compare[i]);
    /* an area with no ratio says why (with published rates beside, the rate may be its answer) */
    if (rc == LK_OK && p->calc && !with_rate && (rc = lk__pl_explain_areas(p)) != LK_OK) return rc;
    for (size_t i = 0; i < o->n_areas && rc == LK_OK; i++) rc = lk_report_add_area(rep, p->calc, p->geo, o->areas[i]);
    if (rc == LK_OK && (o->all || o->n_areas == 0)) rc = lk_report_add_all(rep, p->calc, p->geo);
    if (rc != LK_OK) return lk__pl_fail(p, rc, "%s", rc == LK_ENOMEM ? "out of memory" : lk_report_errmsg(rep));
    if ((rc = protect(p, rep)) != LK_OK) return rc;
    /* after the protection: a withheld year is no secret, and withholding more discloses nothing */
    size_t withheld = 0;
    if (p->o->zone_start > 0 && (rc = lk_report_zone_start(rep, p->o->zone_start, &withheld)) != LK_OK)
        return lk__pl_fail(p, rc, "%s", rc == LK_ENOMEM ? "out of memory" : "bad zone start share");
    if (withheld && lk__pl_say(p, LK_MESSAGE_INFO, "%zu zone figure%s withheld before the zone's last population change "
                               "above %g %% (~zone-changed)", withheld, withheld == 1 ? "" : "s", 100 * p->o->zone_start) != LK_OK)
        return lk__pl_fail(p, LK_ENOMEM, "out of memory");
    if (p->o->n_periods && (rc = keep_periods(p, rep)) != LK_OK) return rc;
    /* a published share above 100 % (or below 0) is no share: a count under a rate's label
     * (10539's persons under 10540's words) would otherwise be shown as "2332 prosent" */
    for (size_t i = 0; ind->scale == LK_SCALE_PERCENT && i < lk_report_count(rep); i++) {
        const lk_report_row *w = lk_report_get(rep, i);
        if (w->published && w->has_value && (w->value > 100 || w->value < 0))
            return lk__pl_fail(p, LK_EDATA, "the published rate of '%s' for %s %s is %g, which is no percentage "
                               "(expected 0-100: is the matched measure a count? `levekar indicators --needs %s` says "
                               "which table gives the rate)", ind->id, w->region, w->period, w->value, ind->id);
    }
    const char *o_region, *o_period;
    size_t n_over = lk_report_overridden(rep, &o_region, &o_period);
    if (n_over && lk__pl_say(p, LK_MESSAGE_INFO, "counts and a published rate for the same region and period (%s %s, "
                             "%zu in all): the counts are used", o_region, o_period, n_over) != LK_OK)
        return lk__pl_fail(p, LK_ENOMEM, "out of memory");
    lk_report_set_published(rep, NULL); /* the rows hold copies */
    return LK_OK;
}

/* An indicator of several whose data is not in the files: an empty report, and what to get. */
static int no_data(lk_pipeline *p, const lk_indicator *ind, size_t which)
{
    lk_calc_free(p->calc);
    p->calc = NULL;
    lk_published_free(p->pub);
    p->pub = NULL;
    int rc = lk_report_new(&p->reps[which], ind, &p->o->report);
    if (rc != LK_OK) return lk__pl_fail(p, rc, "out of memory");
    p->n_reps = which + 1;
    if (lk__pl_say(p, LK_MESSAGE_WARNING, "indicator '%s' has no data in these files (ingen data; `levekar indicators "
                   "--needs %s` says what to download)", ind->id, ind->id) != LK_OK)
        return lk__pl_fail(p, LK_ENOMEM, "out of memory");
    return LK_OK;
}

/* One indicator from the files to its report. */
static int run_indicator(lk_pipeline *p, size_t which, size_t n_files)
{
    const lk_indicator *ind = p->inds[which];
    /* an indicator defined only on a published rate has no counts to compute */
    int rate_only = !*ind->num.measure && !*ind->den.measure && p->with_rate[which];
    int rc = rate_only ? LK_OK : lk_calc_new(&p->calc, ind, &p->copts);
    if (rc != LK_OK) return lk__pl_fail(p, rc, "%s", rc == LK_ENOMEM ? "out of memory" : lk_calc_errmsg(p->calc));
    if (p->with_rate[which] && (rc = lk_published_new(&p->pub, &ind->rate, &p->copts)) != LK_OK)
        return lk__pl_fail(p, rc, "out of memory");
    for (size_t f = 0; f < n_files && rc == LK_OK; f++) rc = lk__pl_read_file(p, ind, (int)f, which == 0);
    if (rc == LK_OK && which == 0 && ((rc = lk__pl_zones_unmatched(p)) != LK_OK || (rc = lk__pl_zones_older_codes(p)) != LK_OK))
        rc = lk__pl_fail(p, rc, "out of memory");
    int with_rate = 0, read_ok = rc == LK_OK; /* a failed reading (a duplicate, --strict) is never "no data" */
    if (rc == LK_OK) rc = finish(p, rate_only, &with_rate);
    if (read_ok && rc == LK_EDATA && p->o->no_data_ok && p->calc && !lk_calc_has_data(p->calc) && !with_rate)
        return no_data(p, ind, which);
    if (rc == LK_OK && p->calc && which == 0 && p->o->geography < 0 && lk__pl_old_codes(p) != LK_OK)
        rc = lk__pl_fail(p, LK_ENOMEM, "out of memory");
    if (rc == LK_OK && p->calc && *lk_calc_note(p->calc)) { /* what the definitions' years or month leave out */
        if (!p->note) { /* the first indicator's note that has one (lk_pipeline_note) */
            if (!(p->note = malloc(strlen(lk_calc_note(p->calc)) + 1))) rc = lk__pl_fail(p, LK_ENOMEM, "out of memory");
            else strcpy(p->note, lk_calc_note(p->calc));
        }
        if (rc == LK_OK && lk__pl_say(p, LK_MESSAGE_NOTE, "%s", lk_calc_note(p->calc)) != LK_OK)
            rc = lk__pl_fail(p, LK_ENOMEM, "out of memory");
    }
    if (rc == LK_OK) rc = report(p, ind, with_rate, &p->reps[which]);
    if (rc == LK_OK) rc = lk__pl_standardise(p, ind, p->reps[which]); /* standardise_rows.c */
    if (rc == LK_OK) p->n_reps = which + 1;
    lk_calc_free(p->calc); /* the report keeps copies of what it shows */
    p->calc = NULL;
    lk_published_free(p->pub);
    p->pub = NULL;
    return rc;
}

int lk_pipeline_run_inputs(lk_pipeline **out, const lk_pipeline_input *inputs, size_t n_files,
                           const lk_pipeline_opts *opts)
{
    if (!out) return LK_EINVAL;
    lk_pipeline *p = calloc(1, sizeof *p);
    *out = p;
    if (!p) return LK_ENOMEM;
    if (!inputs || !n_files || !opts || opts->version != LK_PIPELINE_OPTS_VERSION)
        return lk__pl_fail(p, LK_EINVAL, "no input files or no options (expected files, and options from "
                           "LK_PIPELINE_OPTS_INIT)");
    const char **names = malloc(n_files * sizeof *names);
    if (!names) return lk__pl_fail(p, LK_ENOMEM, "out of memory");
    int rc = LK_OK;
    for (size_t i = 0; i < n_files; i++)
        if (!(names[i] = inputs[i].name)) rc = lk__pl_fail(p, LK_EINVAL, "input %zu has no name (expected a path, or a "
                                                            "name for its buffer)", i + 1);
    p->o = opts;
    p->files = names;
    p->inputs = inputs;
    if (rc == LK_OK) rc = lk__pl_indicators(p, opts);
    if (rc == LK_OK) rc = set_up(p, opts, n_files);
    for (size_t i = 0; i < p->n_inds && rc == LK_OK; i++) rc = run_indicator(p, i, n_files);
    p->o = NULL;
    p->files = NULL;
    p->inputs = NULL;
    free(names);
    return rc;
}

int lk_pipeline_run(lk_pipeline **out, const char *const *files, size_t n_files, const lk_pipeline_opts *opts)
{
    if (!out) return LK_EINVAL;
    lk_pipeline_input *in = files && n_files ? calloc(n_files, sizeof *in) : NULL;
    if (files && n_files && !in) {
        *out = NULL;
        return LK_ENOMEM;
    }
    for (size_t i = 0; i < n_files && in; i++) in[i].name = files[i];
    int rc = lk_pipeline_run_inputs(out, in, in ? n_files : 0, opts);
    free(in);
    return rc;
}

const lk_report *lk_pipeline_report(const lk_pipeline *p)
{
    return p && p->n_reps ? p->reps[0] : NULL;
}

size_t lk_pipeline_report_count(const lk_pipeline *p)
{
    return p ? p->n_reps : 0;
}

const lk_report *lk_pipeline_report_at(const lk_pipeline *p, size_t i)
{
    return p && i < p->n_reps ? p->reps[i] : NULL;
}

const char *lk_pipeline_note(const lk_pipeline *p)
{
    return p && p->note ? p->note : "";
}

size_t lk_pipeline_message_count(const lk_pipeline *p)
{
    return p ? p->n_msgs : 0;
}

const lk_message *lk_pipeline_message_at(const lk_pipeline *p, size_t i)
{
    return p && i < p->n_msgs ? &p->msgs[i] : NULL;
}

const char *lk_pipeline_errmsg(const lk_pipeline *p)
{
    return p ? p->errmsg : "out of memory (no pipeline)";
}

void lk_pipeline_free(lk_pipeline *p)
{
    if (!p) return;
    for (size_t i = 0; p->reps && i < p->n_inds; i++) lk_report_free(p->reps[i]);
    free(p->reps);
    for (size_t i = 0; i < p->n_msgs; i++) free((void *)p->msgs[i].text);
    free(p->msgs);
    free(p->note);
    lk_published_free(p->pub);
    lk_calc_free(p->calc);
    lk_name_resolver_free(p->names);
    lk_obsset_free(p->seen);
    lk_zones_free(p->zones);
    lk_geo_free(p->geo);
    lk__pl_indicators_free(p);
    lk_registry_free(p->reg);
    free(p);
}
