/* One file's reading (pipeline_internal.h): each observation gets the code of its name, is
 * checked against the other files' (the same observation twice is an error), harmonised to
 * one year's borders, summed into zones, and added to the indicator's counts and published
 * rate. A large file whose sums need no order (no harmonisation, zones or published rate,
 * which keep state across rows) is read in two parts by two threads into sums of their own,
 * merged afterwards: the same numbers as one reading, in about half the time. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pipeline_internal.h"

/* Files from this size are read by two threads (bench/README.md: below it a thread costs
 * more than it gives). */
#define LK_SPLIT_MIN_DEFAULT (32ull << 20)

/* One part of one file: where its observations go. */
typedef struct part_ctx {
    lk_pipeline *p;
    lk_calc *calc;              /* the part's sums (p->calc for the first) */
    lk_harmoniser *harm;        /* with a geography year */
    lk_zone_agg *zagg;          /* with zones */
    lk_name_resolver *names;    /* the part's own (first pass only) */
    lk_obsset *seen;            /* the part's own set, or p->seen, or NULL */
    lk_reader *reader;          /* delivering (NULL after the reading: harmoniser, zones) */
    const char *path;
    int file, rc;
    char why[1400];             /* a failure after the reading, with its file and line */
} part_ctx;

/* Stop with rc; the reader puts the file and the line's absolute number before the reason
 * (also in the second part of a split file); after the reading the observation gives the line. */
static int stop(part_ctx *x, const lk_obs *obs, int rc, const char *why)
{
    x->rc = rc;
    if (rc == LK_ENOMEM || !why || !*why) return 1;
    if (x->reader) lk_reader_stop_reason(x->reader, why);
    else if (obs->line) snprintf(x->why, sizeof x->why, "%s:%lu: %s", x->path, obs->line, why);
    else snprintf(x->why, sizeof x->why, "%s: %s", x->path, why);
    return 1;
}

static int to_calc(const lk_obs *obs, void *payload)
{
    part_ctx *x = payload;
    int rc = x->zagg && obs->level != LK_LEVEL_ZONE ? lk_zone_agg_add(x->zagg, obs) : LK_OK;
    if (rc != LK_OK) return stop(x, obs, rc, NULL);
    if (x->p->pub && (rc = lk_published_add(x->p->pub, obs, x->file, x->path)) != LK_OK) return stop(x, obs, rc, NULL);
    rc = x->calc ? lk_calc_add(x->calc, obs, x->file) : LK_OK;
    return rc == LK_OK ? 0 : stop(x, obs, rc, lk_calc_errmsg(x->calc));
}

static int on_obs(const lk_obs *obs, void *payload)
{
    part_ctx *x = payload;
    lk_obs o;
    char code[LK_REGION_CODE_MAX];
    if (!obs->region[0] && obs->region_name[0]) { /* a name without a code (old FHI exports) */
        int rc = x->names ? lk_name_resolver_resolve(x->names, x->path, obs, &o, code) : LK_OK;
        if (!x->names) { /* later passes: the first pass said what the names are */
            o = *obs;
            rc = lk_geo_resolve_obs(x->p->geo, &o, code);
            if (rc == LK_ENOTFOUND) rc = LK_OK;
        }
        if (rc != LK_OK) return stop(x, obs, rc, x->names ? lk_name_resolver_errmsg(x->names) : lk_geo_errmsg(x->p->geo));
        obs = &o;
    }
    if (x->seen) {
        int rc = lk_obsset_add(x->seen, obs);
        if (rc != LK_OK) return stop(x, obs, rc, lk_obsset_errmsg(x->seen));
    }
    if (x->harm) {
        int rc = lk_harmoniser_add(x->harm, obs);
        return rc == LK_OK ? 0 : stop(x, obs, rc, NULL);
    }
    return to_calc(obs, x);
}

/* The second part of a large file, read by a second thread. */
typedef struct part_job {
    lk_reader *reader;
    part_ctx ctx;
    int rc;
} part_job;

static void *run_part(void *arg)
{
    part_job *j = arg;
    j->rc = lk_reader_run(j->reader, on_obs, &j->ctx);
    return NULL;
}

/* The second part adds its observations to a set of its own, merged into seen after the
 * reading. LK_OK with *out NULL without seen. */
static int part_set(lk_obsset **out, const lk_obsset *seen, const char *path)
{
    *out = NULL;
    if (!seen) return LK_OK;
    if (lk_obsset_new(out) == LK_OK && lk_obsset_file(*out, path) == LK_OK) return LK_OK;
    lk_obsset_free(*out);
    *out = NULL;
    return LK_ENOMEM;
}

/* The failure of a part: its reason, as the reader or the stop gave it. */
static int part_failed(lk_pipeline *p, const part_ctx *x, int rc, const lk_reader *r)
{
    int status = rc == LK_EUSER ? x->rc : rc;
    if (status == LK_ENOMEM) return lk__pl_fail(p, status, "%s: out of memory", x->path);
    if (x->why[0]) return lk__pl_fail(p, status, "%s", x->why);
    if (r && lk_reader_errmsg(r)[0]) return lk__pl_fail(p, status, "%s", lk_reader_errmsg(r));
    return lk__pl_fail(p, status, "%s: %s", x->path, lk_strerror(status));
}

/* After the first pass over a file: what it held besides data rows, and its names without a
 * code (errors under strict). */
static int account(lk_pipeline *p, const lk_reader *r, const lk_reader *part2, lk_name_resolver *names2,
                   const char *path)
{
    const lk_reader *parts[2] = { r, part2 };
    char text[600];
    for (int i = 0; i < 2; i++) {
        if (!parts[i]) continue;
        const lk_read_info *in = lk_reader_info(parts[i]);
        int rc = lk_read_info_account(in, p->o->strict, text, sizeof text);
        if (rc == LK_EDATA)
            return lk__pl_fail(p, rc, "%s: %s (--strict: expected only a preamble, a header and data rows)", in->path, text);
        if (*text && lk__pl_say(p, LK_MESSAGE_INFO, "%s: %s (see levekar inspect)", in->path, text) != LK_OK)
            return LK_ENOMEM;
    }
    lk_name_resolver *res[2] = { p->names, names2 };
    for (int i = 0; i < 2; i++) {
        char why[1200];
        if (!res[i] || !lk_name_resolver_done(res[i], path, why, sizeof why)) continue;
        if (p->o->strict) return lk__pl_fail(p, LK_EDATA, "%s", why);
        if (lk__pl_say(p, LK_MESSAGE_WARNING, "%s; kept without a code", why) != LK_OK) return LK_ENOMEM;
    }
    return LK_OK;
}

/* A zone file that matches none of the data is said once, after all files. */
static void count_zones(lk_pipeline *p, const lk_zone_agg *zagg, const char *path)
{
    lk_zone_outside out[32];
    size_t n = lk_zone_agg_outside(zagg, out, 32);
    for (size_t i = 0; i < n; i++) { /* over all files: each kommune once, with its years */
        size_t k = 0;
        while (k < p->n_outside && strcmp(p->outside[k].kommune, out[i].kommune) != 0) k++;
        if (k == p->n_outside) {
            if (k == 32) continue;
            p->outside[p->n_outside++] = out[i];
        }
        if (out[i].first_year < p->outside[k].first_year) p->outside[k].first_year = out[i].first_year;
        if (out[i].last_year > p->outside[k].last_year) p->outside[k].last_year = out[i].last_year;
    }
    p->zones_matched += lk_zone_agg_matched(zagg);
    size_t used = strlen(p->zones_data);
    if (lk_zone_agg_matched(zagg) || used + 8 >= sizeof p->zones_data) return;
    int k = snprintf(p->zones_data + used, sizeof p->zones_data - used, "%s%s: ", used ? "; " : "", path);
    if (k > 0 && used + (size_t)k < sizeof p->zones_data)
        lk_zone_agg_describe_data(zagg, p->zones_data + used + k, sizeof p->zones_data - used - (size_t)k);
}

/* Two parts when the file is large and nothing needs its rows in order. */
static int want_split(const lk_pipeline *p, const part_ctx *x)
{
#ifdef LK_PLAIN
    (void)p;
    (void)x;
    return 0; /* the plain build: one thread, one part */
#else
    return !x->harm && !x->zagg && !p->pub && x->calc && p->o->threads != 1;
#endif
}

int lk__pl_read_file(lk_pipeline *p, const lk_indicator *ind, int file, int first)
{
    const char *path = p->files[file];
    part_ctx x;
    memset(&x, 0, sizeof x);
    x.p = p;
    x.calc = p->calc;
    x.path = path;
    x.file = file;
    x.seen = first ? p->seen : NULL;
    x.names = first ? p->names : NULL;
    lk_reader *r = NULL, *part2 = NULL;
    lk_calc *calc2 = NULL;
    lk_obsset *part_seen = NULL;
    lk_name_resolver *names2 = NULL;
    part_job job;
    pthread_t thread;
    const lk_pipeline_input *in = &p->inputs[file];
    int threaded = 0, rc = in->data ? lk_reader_open_memory(&r, path, in->data, in->size, NULL)
                                    : lk_reader_open_ex(&r, path, NULL); /* keeps the message on failure */
    if (rc != LK_OK) {
        rc = lk__pl_fail(p, rc, "%s", lk_reader_errmsg(r));
        goto done;
    }
    if ((x.seen && lk_obsset_file(x.seen, path) != LK_OK) || (p->zones && lk_zone_agg_new(&x.zagg, p->zones) != LK_OK)) {
        rc = lk__pl_fail(p, LK_ENOMEM, "out of memory");
        goto done;
    }
    if (p->o->geography >= 0) {
        lk_harmonise_opts ho = LK_HARMONISE_OPTS_INIT;
        ho.target_year = p->o->geography;
        if ((rc = lk_harmoniser_new(&x.harm, p->geo, &ho)) != LK_OK) {
            rc = lk__pl_fail(p, rc, "out of memory");
            goto done;
        }
    }
    unsigned long long split_min = p->o->split_min ? p->o->split_min : LK_SPLIT_MIN_DEFAULT;
    if (want_split(p, &x) && lk_reader_split(r, &part2, split_min) == LK_OK && part2
        && lk_calc_new(&calc2, ind, &p->copts) == LK_OK
        && (!x.names || lk_name_resolver_new(&names2, p->geo) == LK_OK)) {
        job.reader = part2;
        job.ctx = x;
        job.ctx.calc = calc2;
        job.ctx.reader = part2;
        job.ctx.names = names2;
        job.rc = LK_OK;
        threaded = part_set(&job.ctx.seen, x.seen, path) == LK_OK && pthread_create(&thread, NULL, run_part, &job) == 0;
        part_seen = job.ctx.seen;
    }
    const lk_reader *stopped = r; /* the reader whose message tells why the reading stopped */
    const part_ctx *failed = &x;
    x.reader = r;
    rc = lk_reader_run(r, on_obs, &x);
    if (threaded) {
        pthread_join(thread, NULL);
        if (rc == LK_OK && job.rc != LK_OK) { /* the second part's failure */
            rc = job.rc;
            stopped = part2;
            failed = &job.ctx;
        }
        int mrc = rc == LK_OK ? lk_calc_merge(p->calc, calc2) : LK_OK;
        if (mrc != LK_OK) { /* a limit of the sums (both parts' categories together), or memory */
            rc = lk__pl_fail(p, mrc, "%s: %s", path, mrc == LK_ENOMEM ? "out of memory" : lk_calc_errmsg(p->calc));
            goto done;
        }
    } else if (part2 && rc == LK_OK) { /* no thread: read it here, into the same sums */
        x.reader = part2;
        stopped = part2;
        if (!part_seen && part_set(&part_seen, x.seen, path) != LK_OK) {
            rc = lk__pl_fail(p, LK_ENOMEM, "out of memory");
            goto done;
        }
        if (part_seen) x.seen = part_seen;
        rc = lk_reader_run(part2, on_obs, &x);
    }
    if (rc != LK_OK) {
        rc = part_failed(p, failed, rc, stopped);
        goto done;
    }
    /* each part checked its own rows; a row of the second part repeating one of the first */
    if (part2 && (rc = lk_reader_check_parts(r, part2)) != LK_OK) {
        rc = lk__pl_fail(p, rc, "%s", lk_reader_errmsg(r));
        goto done;
    }
    /* names resolved in the second part: the same observation under another name in the first */
    if (names2 && x.names && (rc = lk_name_resolver_merge(x.names, names2, lk_reader_line_offset(part2))) != LK_OK) {
        rc = lk__pl_fail(p, rc, "%s", rc == LK_ENOMEM ? "out of memory" : lk_name_resolver_errmsg(x.names));
        goto done;
    }
    if (part_seen && (rc = lk_obsset_merge(p->seen, part_seen, lk_reader_line_offset(part2))) != LK_OK) {
        rc = lk__pl_fail(p, rc, "%s", rc == LK_ENOMEM ? "out of memory" : lk_obsset_errmsg(p->seen));
        goto done;
    }
    x.reader = NULL; /* after the reading: the finishing callbacks have no line of the reader */
    x.seen = NULL;
    if (x.harm && (rc = lk_harmoniser_finish(x.harm, to_calc, &x)) != LK_OK) {
        rc = part_failed(p, &x, rc, NULL);
        goto done;
    }
    if (x.zagg && (rc = lk_zone_agg_finish(x.zagg, to_calc, &x)) != LK_OK) { /* zone rows, summed from counts */
        rc = part_failed(p, &x, rc, NULL);
        goto done;
    }
    if (first) {
        rc = account(p, r, part2, names2, path);
        if (rc == LK_ENOMEM) rc = lk__pl_fail(p, rc, "out of memory");
        if (rc == LK_OK && x.zagg) count_zones(p, x.zagg, path);
    }
done:
    lk_name_resolver_free(names2);
    lk_obsset_free(part_seen);
    lk_calc_free(calc2);
    lk_reader_free(part2);
    lk_reader_free(r);
    lk_harmoniser_free(x.harm);
    lk_zone_agg_free(x.zagg);
    return rc;
}
