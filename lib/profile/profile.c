#define _POSIX_C_SOURCE 200809L /* gmtime_r */
/* A profile (levekar/profile.h): one pipeline run per indicator, so an indicator without data
 * becomes an item "ingen data" and never stops the others; then, per item, the latest rows of
 * the area, its fylke and landet, the verdict, the trend, the change since the first year, and
 * the key findings sorted by the size of the difference. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "levekar/labels.h"
#include "levekar/stats.h"
#include "levekar/zones.h"
#include "profile_internal.h"

static int fail(lk_profile *p, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int fail(lk_profile *p, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->errmsg, sizeof p->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

static char *dup(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    if (d) strcpy(d, s);
    return d;
}

/* The runs' messages, each text once (every run reads the same files and says the same). */
static int keep_messages(lk_profile *p, const lk_pipeline *run)
{
    for (size_t i = 0; i < lk_pipeline_message_count(run); i++) {
        const lk_message *m = lk_pipeline_message_at(run, i);
        size_t k = 0;
        while (k < p->n_msgs && strcmp(p->msgs[k].text, m->text) != 0) k++;
        if (k < p->n_msgs) continue;
        if (p->n_msgs == p->cap_msgs) {
            size_t cap = p->cap_msgs ? 2 * p->cap_msgs : 8;
            lk_message *n = realloc(p->msgs, cap * sizeof *n);
            if (!n) return LK_ENOMEM;
            p->msgs = n;
            p->cap_msgs = cap;
        }
        char *t = dup(m->text);
        if (!t) return LK_ENOMEM;
        p->msgs[p->n_msgs].kind = m->kind;
        p->msgs[p->n_msgs++].text = t;
    }
    return LK_OK;
}

/* The indicators of the profile: those asked for, in that order, or every top-level definition
 * (no [id@name] block) in the order of § 3 and then of the registry. */
static int choose(lk_profile *p, const lk_profile_opts *o)
{
    size_t n = o->n_indicators ? o->n_indicators : lk_registry_count(p->reg);
    if (!(p->items = calloc(n ? n : 1, sizeof *p->items)) || !(p->runs = calloc(n ? n : 1, sizeof *p->runs)))
        return fail(p, LK_ENOMEM, "out of memory");
    if (o->n_indicators) {
        for (size_t i = 0; i < n; i++) {
            const lk_indicator *ind = lk_registry_find(p->reg, o->indicators[i]);
            if (!ind || *ind->base) {
                char known[1024] = "";
                for (size_t k = 0; k < lk_registry_count(p->reg); k++) {
                    const lk_indicator *x = lk_registry_get(p->reg, k);
                    if (*x->base || strlen(known) + strlen(x->id) + 3 >= sizeof known) continue;
                    if (*known) strcat(known, ", ");
                    strcat(known, x->id);
                }
                return fail(p, LK_EINVAL, "unknown indicator '%s' (expected one of: %s)", o->indicators[i], known);
            }
            for (size_t k = 0; k < p->n_items; k++)
                if (p->items[k].ind == ind)
                    return fail(p, LK_EINVAL, "indicator '%s' given twice (expected each once)", o->indicators[i]);
            p->items[p->n_items++].ind = ind;
        }
        return LK_OK;
    }
    for (char topic = 'a'; topic <= 'z'; topic++)
        for (size_t i = 0; i < n; i++) {
            const lk_indicator *ind = lk_registry_get(p->reg, i);
            if (!*ind->base && lk__profile_topic(ind) == topic) p->items[p->n_items++].ind = ind;
        }
    return LK_OK;
}

/* The area's row and its fylke's and landet's of the same period. */
static void latest_rows(lk_profile_item *it, const char *area)
{
    it->area = lk_report_latest(it->report, area);
    if (!it->area) /* no value in any period: its last row, which says why */
        for (size_t i = 0; i < lk_report_count(it->report); i++) {
            const lk_report_row *w = lk_report_get(it->report, i);
            if (strcmp(w->region, area) == 0) it->area = w;
        }
    if (!it->area) return;
    for (size_t i = 0; i < lk_report_count(it->report); i++) {
        const lk_report_row *w = lk_report_get(it->report, i);
        if (strcmp(w->period, it->area->period) != 0 || w == it->area) continue;
        if (strcmp(w->role, "fylke") == 0 && !it->fylke) it->fylke = w;
        if (strcmp(w->role, "land") == 0 && !it->land) it->land = w;
        if (strcmp(w->role, "kommune") == 0 && !it->kommune) it->kommune = w;
    }
}

/* The first row of the change: the area's row of from_year, or of the earliest period in which
 * the area and landet both have values. The fylke is not asked for: its code changed with the
 * reforms (Buskerud was 06, then part of Viken 30, then 33 again), so a fylke of today's borders
 * has no value in most earlier years of data as published. */
static const lk_report_row *first_row(const lk_profile_item *it, const char *area, int from_year)
{
    const lk_report *r = it->report;
    for (size_t i = 0; i < lk_report_count(r); i++) {
        const lk_report_row *w = lk_report_get(r, i);
        if (strcmp(w->region, area) != 0 || !w->has_value || w == it->area) continue;
        if (from_year) {
            if (lk__profile_year(w) == from_year) return w;
            continue;
        }
        for (size_t k = 0; k < lk_report_count(r); k++) {
            const lk_report_row *x = lk_report_get(r, k);
            if (strcmp(x->period, w->period) == 0 && x->has_value && strcmp(x->role, "land") == 0) return w;
        }
    }
    return NULL;
}

/* The latest against the first: two independent samples (a share's z test, a rate's exact
 * test); amounts in kroner and published rates have no counts to test. */
static void change_of(lk_profile_item *it, const char *area, int from_year, double alpha)
{
    lk_profile_change *c = &it->change;
    c->vs = "";
    c->p = NAN;
    c->verdict = LK_VERDICT_NOT_TESTED;
    if (!it->area || !it->area->has_value) return;
    c->first = first_row(it, area, from_year);
    c->last = it->area;
    if (!c->first) return;
    c->ok = 1;
    c->diff = c->last->value - c->first->value;
    const lk_report_row *a = c->last, *b = c->first;
    if (!a->has_counts || !b->has_counts || a->published || b->published || !(a->denominator > 0) || !(b->denominator > 0))
        return;
    int rc = LK_EINVAL;
    double z;
    if (it->ind->scale == LK_SCALE_PERCENT) rc = lk_test_two_proportions(a->numerator, a->denominator, b->numerator, b->denominator, &z, &c->p);
    else if (it->ind->scale == LK_SCALE_PER1000) rc = lk_test_two_rates(a->numerator, a->denominator, b->numerator, b->denominator, &c->p);
    if (rc != LK_OK || !(c->p >= 0 && c->p <= 1)) {
        c->p = NAN;
        return;
    }
    c->vs = c->p >= alpha ? "similar" : a->numerator / a->denominator > b->numerator / b->denominator ? "higher" : "lower";
    c->verdict = lk__profile_verdict(c->vs, it->ind->higher_is_worse, it->neutral, 1);
}

static void judge(lk_profile *p, lk_profile_item *it, const lk_profile_opts *o)
{
    latest_rows(it, o->area);
    it->verdict = LK_VERDICT_NO_DATA;
    if (!it->area || !it->area->has_value) return;
    it->significant = strcmp(it->area->vs_land, "higher") == 0 || strcmp(it->area->vs_land, "lower") == 0;
    it->relevant = it->area->has_index && fabs(it->area->index_land - 100.0) >= o->relevance;
    it->verdict = lk__profile_verdict(it->area->vs_land, it->ind->higher_is_worse, it->neutral, it->relevant);
    (void)p;
}

static int by_size(const void *a, const void *b)
{
    const lk_profile_finding *x = a, *y = b;
    double dx = fabs(x->index - 100.0), dy = fabs(y->index - 100.0);
    if (dx != dy) return dx > dy ? -1 : 1;
    return x->item < y->item ? -1 : x->item > y->item;
}

static int findings(lk_profile *p)
{
    if (!(p->findings = calloc(p->n_items ? p->n_items : 1, sizeof *p->findings))) return fail(p, LK_ENOMEM, "out of memory");
    for (size_t i = 0; i < p->n_items; i++) {
        const lk_profile_item *it = &p->items[i];
        int judged = it->verdict == LK_VERDICT_BETTER || it->verdict == LK_VERDICT_WORSE;
        if (!judged && !(it->verdict == LK_VERDICT_NEUTRAL && it->significant && it->relevant)) continue;
        if (!it->land || !it->land->has_value) continue;
        lk_profile_finding *f = &p->findings[p->n_findings++];
        f->item = i;
        f->diff = it->area->value - it->land->value;
        f->index = it->area->index_land;
    }
    qsort(p->findings, p->n_findings, sizeof *p->findings, by_size);
    return LK_OK;
}

/* The cover: names from the first item with data; sources each once; the files' digests. */
static int cover(lk_profile *p, const char *const *files, size_t n_files, const lk_profile_opts *o)
{
    lk_profile_cover *c = &p->cover;
    char today[16];
    if (!o->date) {
        time_t now = time(NULL);
        struct tm tm;
        if (!gmtime_r(&now, &tm) || !strftime(today, sizeof today, "%Y-%m-%d", &tm)) strcpy(today, "");
    }
    const lk_report_row *a = NULL, *fy = NULL;
    for (size_t i = 0; i < p->n_items && !(a && fy); i++) {
        const lk_profile_item *it = &p->items[i];
        if (it->area && !a) a = it->area;
        if (it->fylke && !fy) fy = it->fylke;
    }
    const char *texts[5] = { o->area, a ? a->region_name : o->area, fy ? fy->region : "", fy ? fy->region_name : "",
                             o->date ? o->date : today };
    for (int k = 0; k < 5; k++)
        if (!(p->strings[k] = dup(texts[k]))) return fail(p, LK_ENOMEM, "out of memory");
    c->area = p->strings[0], c->area_name = p->strings[1], c->fylke = p->strings[2], c->fylke_name = p->strings[3];
    c->date = p->strings[4];
    c->version = lk_version();
    c->geography = o->pipeline.geography;
    c->relevance = o->relevance;
    c->alpha = o->pipeline.report.alpha;
    c->level = o->pipeline.report.level;
    c->from_year = o->from_year;
    c->window = o->pipeline.window;
    for (size_t i = 0; i < p->n_items; i++) /* the cells suppression hid, as the report gives them */
        for (size_t k = 0; p->items[i].report && k < lk_report_count(p->items[i].report); k++)
            c->hidden += strncmp(lk_report_get(p->items[i].report, k)->status, "~suppressed", 11) == 0;
    for (size_t i = 0; i < p->n_items; i++) c->hidden += p->items[i].districts.n_hidden; /* the zones' tables */
    if (!(p->sources = calloc(p->n_items + 1, sizeof *p->sources)) || !(p->files = calloc(n_files + 1, sizeof *p->files))
        || !(p->sha = calloc(n_files + 1, sizeof *p->sha)))
        return fail(p, LK_ENOMEM, "out of memory");
    for (size_t i = 0; i < p->n_items; i++) {
        const char *s = p->items[i].ind->source;
        if (!p->items[i].report || !s || !*s) continue;
        size_t k = 0;
        while (k < c->n_sources && strcmp(p->sources[k], s) != 0) k++;
        if (k == c->n_sources) p->sources[c->n_sources++] = s;
    }
    c->sources = p->sources;
    for (size_t f = 0; f < n_files; f++) {
        char hex[65];
        int rc = lk__sha256_file(files[f], hex);
        if (rc == LK_ENOMEM) return fail(p, rc, "out of memory");
        if (rc != LK_OK) return fail(p, LK_EIO, "%s: cannot read it (expected a readable file)", files[f]);
        char *name = dup(files[f]), *h = dup(hex);
        p->files[f] = name;
        p->sha[f] = h;
        c->n_files = f + 1;
        if (!name || !h) return fail(p, LK_ENOMEM, "out of memory");
    }
    c->files = p->files;
    c->sha256 = p->sha;
    return LK_OK;
}

/* What every run would refuse alike (a zones or change file that cannot be read) is the
 * profile's failure, said once, not "ingen data" for every indicator. */
static int check_side_files(lk_profile *p, const lk_pipeline_opts *po)
{
    if (po->zones_file) { /* kept: the cover lists the districts */
        int rc = lk_zones_load(&p->zone_list, po->zones_file);
        if (rc != LK_OK) return fail(p, rc, "%s", p->zone_list ? lk_zones_errmsg(p->zone_list) : "out of memory");
        p->cover.zones = p->zone_list;
    }
    if (po->changes_file) {
        lk_geo *g;
        int rc = lk_geo_new(&g);
        if (rc == LK_OK) rc = lk_geo_load_changes(g, po->changes_file);
        if (rc != LK_OK) fail(p, rc, "%s", g ? lk_geo_errmsg(g) : "out of memory");
        lk_geo_free(g);
        if (rc != LK_OK) return rc;
    }
    return LK_OK;
}

/* What to download for every source definition of the indicator, as `indicators --needs` lists
 * them: "SSB 10539 (november) / 07459, up to 2020: ... SSB 13563, from 2021: ...". malloc'd. */
static char *needs_of(const lk_indicator *ind)
{
    size_t cap = 1;
    for (size_t k = 0; k <= ind->n_variants; k++) {
        const lk_indicator *d = k ? ind->variants[k - 1] : ind;
        cap += (d->needs ? strlen(d->needs) : 0) + (d->variant ? strlen(d->variant) : 0) + 48;
    }
    char *s = malloc(cap);
    if (!s) return NULL;
    size_t n = 0;
    s[0] = '\0';
    for (size_t k = 0; k <= ind->n_variants; k++) {
        const lk_indicator *d = k ? ind->variants[k - 1] : ind;
        if (!d->needs || !*d->needs) continue;
        if (ind->n_variants && d->variant && *d->variant) {
            n += (size_t)snprintf(s + n, cap - n, "%s%s", n ? " " : "", d->variant);
            if (d->year_from && d->year_to) n += (size_t)snprintf(s + n, cap - n, ", %d-%d", d->year_from, d->year_to);
            else if (d->year_from) n += (size_t)snprintf(s + n, cap - n, ", from %d", d->year_from);
            else if (d->year_to) n += (size_t)snprintf(s + n, cap - n, ", up to %d", d->year_to);
            n += (size_t)snprintf(s + n, cap - n, ": %s", d->needs);
        } else n += (size_t)snprintf(s + n, cap - n, "%s%s", n ? " " : "", d->needs);
    }
    return s;
}

static int run_item(lk_profile *p, size_t i, const char *const *files, size_t n_files, const lk_profile_opts *o)
{
    lk_profile_item *it = &p->items[i];
    it->topic = lk__profile_topic(it->ind);
    it->neutral = lk__profile_neutral(it->ind);
    it->no_data = "";
    if (!(it->needs = needs_of(it->ind))) return fail(p, LK_ENOMEM, "out of memory");
    lk_pipeline_opts po = o->pipeline;
    const char *areas[1] = { o->area };
    po.indicator = it->ind->id;
    po.indicators = NULL;
    po.n_indicators = 0;
    po.definition = NULL;
    po.areas = areas;
    po.n_areas = 1;
    po.all = 0;
    int rc = lk_pipeline_run(&p->runs[i], files, n_files, &po);
    if (!p->runs[i]) return fail(p, LK_ENOMEM, "out of memory");
    if (keep_messages(p, p->runs[i]) != LK_OK) return fail(p, LK_ENOMEM, "out of memory");
    if (rc == LK_EDATA || rc == LK_ENOTFOUND) { /* the data cannot give it: ingen data, and why */
        if (rc == LK_ENOTFOUND && !*p->area_missing) /* the area is not in this indicator's data */
            snprintf(p->area_missing, sizeof p->area_missing, "%s", lk_pipeline_errmsg(p->runs[i]));
        char *why = dup(lk_pipeline_errmsg(p->runs[i]));
        if (!why) return fail(p, LK_ENOMEM, "out of memory");
        it->no_data = why;
        lk_pipeline_free(p->runs[i]);
        p->runs[i] = NULL;
        return LK_OK;
    }
    if (rc != LK_OK) return fail(p, rc, "%s", lk_pipeline_errmsg(p->runs[i]));
    it->report = lk_pipeline_report(p->runs[i]);
    judge(p, it, o);
    if (lk_report_trend_of(it->report, o->area, &it->trend) != LK_OK) return fail(p, LK_ENOMEM, "out of memory");
    change_of(it, o->area, o->from_year, o->pipeline.report.alpha);
    return LK_OK;
}

int lk_profile_build(lk_profile **out, const char *const *files, size_t n_files, const lk_profile_opts *o)
{
    if (!out) return LK_EINVAL;
    lk_profile *p = calloc(1, sizeof *p);
    *out = p;
    if (!p) return LK_ENOMEM;
    if (!o || o->version != LK_PROFILE_OPTS_VERSION || o->pipeline.version != LK_PIPELINE_OPTS_VERSION || !files || !n_files)
        return fail(p, LK_EINVAL, "no input files or no options (expected files, and options from LK_PROFILE_OPTS_INIT)");
    if (!o->area || !*o->area) return fail(p, LK_EINVAL, "no area (expected the code of a kommune, bydel or zone)");
    if (!(o->relevance >= 0)) return fail(p, LK_EINVAL, "relevance threshold %g (expected 0 or more index points)", o->relevance);
    p->ropts = o->pipeline.report;
    p->zones = o->pipeline.zones_file != NULL;
    if (!p->ropts.lang) p->ropts.lang = "nb";
    int rc = lk_registry_new(&p->reg);
    if (rc != LK_OK) return fail(p, rc, "%s", p->reg ? lk_registry_errmsg(p->reg) : "out of memory");
    if (o->pipeline.indicators_file && (rc = lk_registry_load(p->reg, o->pipeline.indicators_file)) != LK_OK)
        return fail(p, rc, "%s", lk_registry_errmsg(p->reg));
    if ((rc = choose(p, o)) != LK_OK || (rc = check_side_files(p, &o->pipeline)) != LK_OK) return rc;
    size_t with_data = 0;
    for (size_t i = 0; i < p->n_items; i++) {
        if ((rc = run_item(p, i, files, n_files, o)) != LK_OK) return rc;
        with_data += p->items[i].report != NULL;
    }
    /* an area in none of the data is a wrong code, not a profile of "ingen data" throughout */
    if (!with_data && *p->area_missing) return fail(p, LK_ENOTFOUND, "%s", p->area_missing);
    if ((rc = findings(p)) != LK_OK || (rc = lk__profile_districts(p, files, n_files, o)) != LK_OK) return rc;
    return cover(p, files, n_files, o);
}

size_t lk_profile_count(const lk_profile *p) { return p ? p->n_items : 0; }

const lk_profile_item *lk_profile_item_at(const lk_profile *p, size_t i)
{
    return p && i < p->n_items ? &p->items[i] : NULL;
}

size_t lk_profile_finding_count(const lk_profile *p) { return p ? p->n_findings : 0; }

const lk_profile_finding *lk_profile_finding_at(const lk_profile *p, size_t i)
{
    return p && i < p->n_findings ? &p->findings[i] : NULL;
}

const lk_profile_cover *lk_profile_cover_of(const lk_profile *p) { return p ? &p->cover : NULL; }

size_t lk_profile_message_count(const lk_profile *p) { return p ? p->n_msgs : 0; }

const lk_message *lk_profile_message_at(const lk_profile *p, size_t i)
{
    return p && i < p->n_msgs ? &p->msgs[i] : NULL;
}

const char *lk_profile_errmsg(const lk_profile *p) { return p ? p->errmsg : "out of memory (no profile)"; }

void lk_profile_free(lk_profile *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n_items; i++) {
        lk_pipeline_free(p->runs[i]);
        if (p->items[i].no_data && *p->items[i].no_data) free((void *)p->items[i].no_data);
        free((void *)p->items[i].needs);
    }
    free(p->runs);
    free(p->items);
    free(p->findings);
    for (size_t i = 0; i < p->n_msgs; i++) free((void *)p->msgs[i].text);
    free(p->msgs);
    for (size_t i = 0; i < sizeof p->strings / sizeof p->strings[0]; i++) free(p->strings[i]);
    for (size_t i = 0; p->files && i < p->cover.n_files; i++) free((void *)p->files[i]), free((void *)p->sha[i]);
    free(p->files);
    free(p->sha);
    free(p->sources);
    lk__profile_districts_free(p);
    lk_registry_free(p->reg);
    lk_zones_free(p->zone_list);
    free(p);
}
