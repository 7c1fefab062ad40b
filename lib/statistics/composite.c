/* The composite levekårsindeks (issue 16; apis-and-profiles.md §5.1, methods.md §3 and §5.6):
 * SSB-style scores 1–10 and population-weighted z-scores per indicator, their means per
 * district, ranks, and ranks with one indicator left out. Each indicator is scored on its own,
 * so leaving one out changes only the means: the scores are computed once. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/composite.h"

static int cfail(lk_composite *c, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int cfail(lk_composite *c, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->errmsg, sizeof c->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

typedef struct names {
    const lk_composite_input *in;
    char d[32], i[32];
} names;

static const char *dname(names *nm, size_t i)
{
    if (nm->in->district_names && nm->in->district_names[i] && *nm->in->district_names[i])
        return nm->in->district_names[i];
    snprintf(nm->d, sizeof nm->d, "district %zu", i + 1);
    return nm->d;
}

static const char *iname(names *nm, size_t j)
{
    if (nm->in->indicator_names && nm->in->indicator_names[j] && *nm->in->indicator_names[j])
        return nm->in->indicator_names[j];
    snprintf(nm->i, sizeof nm->i, "indicator %zu", j + 1);
    return nm->i;
}

static int has(const lk_composite_input *in, size_t cell)
{
    return !in->has_value || in->has_value[cell];
}

/* Sorting one indicator's districts by problems: the key is d · value, ascending. */
typedef struct keyed {
    double key;
    size_t i;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *p = a, *q = b;
    if (p->key < q->key) return -1;
    if (p->key > q->key) return 1;
    return p->i < q->i ? -1 : p->i > q->i;
}

/* Scores 1–10 of indicator j (§5.1): s = ⌈10 · rank / N⌉ with tied districts at their mean
 * rank. Ranks are multiples of 1/2, so 10 · rank is exact and a whole quotient is exact too:
 * ceil never rounds a 3 up to a 4. */
static void score_indicator(const lk_composite_input *in, size_t j, keyed *tmp, double *score)
{
    size_t n = in->n_districts, m = 0;
    for (size_t i = 0; i < n; i++)
        if (has(in, j * n + i)) {
            tmp[m].key = in->direction[j] * in->value[j * n + i];
            tmp[m].i = i;
            m++;
        }
    qsort(tmp, m, sizeof *tmp, keyed_cmp);
    for (size_t a = 0; a < m;) {
        size_t b = a + 1;
        while (b < m && tmp[b].key == tmp[a].key)
            b++;
        double rank = (double)(a + 1 + b) / 2.0; /* mean of ranks a+1 … b */
        double s = ceil(10.0 * rank / (double)m);
        for (size_t k = a; k < b; k++)
            score[j * n + tmp[k].i] = s;
        a = b;
    }
}

/* z-scores of indicator j: d · (x − μ_w)/σ_w, population-weighted, over the districts with a value. */
static int z_indicator(lk_composite *c, const lk_composite_input *in, size_t j, names *nm)
{
    size_t n = in->n_districts;
    double sw = 0.0, sx = 0.0, ss = 0.0;
    for (size_t i = 0; i < n; i++)
        if (has(in, j * n + i)) {
            double p = in->population ? in->population[i] : 1.0;
            sw += p;
            sx += p * in->value[j * n + i];
        }
    double mu = sx / sw;
    for (size_t i = 0; i < n; i++)
        if (has(in, j * n + i)) {
            double p = in->population ? in->population[i] : 1.0, e = in->value[j * n + i] - mu;
            ss += p * e * e;
        }
    double sd = sqrt(ss / sw);
    if (!(sd > 1e-12 * (fabs(mu) > 1.0 ? fabs(mu) : 1.0)))
        return cfail(c, LK_EDATA, "indicator '%s': every district has the same value %g (expected some spread "
                     "for a z-score)", iname(nm, j), mu);
    for (size_t i = 0; i < n; i++)
        c->z[j * n + i] = has(in, j * n + i) ? in->direction[j] * (in->value[j * n + i] - mu) / sd : NAN;
    return LK_OK;
}

/* Means over the indicators a district has, leaving out indicator `skip` (n_indicators: none).
 * sum[i] and cnt[i] are the score sums (whole numbers) and counts, zsum[i] the z sums. */
static void means(const lk_composite *c, const lk_composite_input *in, size_t skip, double *sum, size_t *cnt,
                  double *zsum)
{
    size_t n = in->n_districts;
    for (size_t i = 0; i < n; i++) {
        sum[i] = zsum[i] = 0.0;
        cnt[i] = 0;
        for (size_t j = 0; j < in->n_indicators; j++)
            if (j != skip && has(in, j * n + i)) {
                sum[i] += c->score[j * n + i];
                zsum[i] += c->z[j * n + i];
                cnt[i]++;
            }
    }
}

/* Is district a's mean above b's? Score means are sums of whole scores over counts, so
 * sum_a · cnt_b against sum_b · cnt_a is exact; z means agree within 1e-9 when "tied". */
static int cmp_score(const double *sum, const size_t *cnt, size_t a, size_t b)
{
    double l = sum[a] * (double)cnt[b], r = sum[b] * (double)cnt[a];
    return (l > r) - (l < r);
}

static int cmp_z(const double *zsum, const size_t *cnt, size_t a, size_t b)
{
    double l = zsum[a] / (double)cnt[a], r = zsum[b] / (double)cnt[b];
    double tol = 1e-9 * fmax(1.0, fmax(fabs(l), fabs(r)));
    if (fabs(l - r) <= tol)
        return 0;
    return (l > r) - (l < r);
}

/* Competition ranks, 1 = the most problems: 1 + the number of districts strictly above.
 * O(n²), but n is a kommune's districts and no sort can make a tolerance transitive. A
 * district without indicators (cnt 0) gets rank 0 and is not counted. */
static void ranks(const double *sum, const double *zsum, const size_t *cnt, size_t n, size_t *rs, size_t *rz)
{
    for (size_t a = 0; a < n; a++) {
        size_t above_s = 0, above_z = 0;
        if (!cnt[a]) {
            rs[a] = rz[a] = 0;
            continue;
        }
        for (size_t b = 0; b < n; b++) {
            if (b == a || !cnt[b])
                continue;
            if (cmp_score(sum, cnt, b, a) > 0) above_s++;
            if (cmp_z(zsum, cnt, b, a) > 0) above_z++;
        }
        rs[a] = above_s + 1;
        rz[a] = above_z + 1;
    }
}

static size_t absdiff(size_t a, size_t b)
{
    return a > b ? a - b : b - a;
}

static int check(lk_composite *c, const lk_composite_input *in, const lk_composite_opts *o, names *nm)
{
    size_t n = in->n_districts, m = in->n_indicators;
    for (size_t j = 0; j < m; j++) {
        if (in->direction[j] != LK_COMP_HIGHER_WORSE && in->direction[j] != LK_COMP_HIGHER_BETTER)
            return cfail(c, LK_EDATA, "indicator '%s': direction %d (expected LK_COMP_HIGHER_WORSE (1) or "
                         "LK_COMP_HIGHER_BETTER (-1); a value-neutral indicator has no place in the index)",
                         iname(nm, j), in->direction[j]);
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            size_t cell = j * n + i;
            if (!has(in, cell)) {
                if (!o->partial)
                    return cfail(c, LK_EDATA, "indicator '%s', district '%s': no value (%s) (expected a value in "
                                 "every cell, or partial)", iname(nm, j), dname(nm, i),
                                 in->why && in->why[cell] && *in->why[cell] ? in->why[cell] : "no reason given");
                continue;
            }
            if (!isfinite(in->value[cell]))
                return cfail(c, LK_EDATA, "indicator '%s', district '%s': value %g (expected a finite number)",
                             iname(nm, j), dname(nm, i), in->value[cell]);
            k++;
        }
        if (k < 2)
            return cfail(c, LK_EDATA, "indicator '%s': %zu district%s with a value (expected at least 2 to rank)",
                         iname(nm, j), k, k == 1 ? "" : "s");
    }
    for (size_t i = 0; i < n; i++) {
        if (in->population && !(isfinite(in->population[i]) && in->population[i] > 0.0))
            return cfail(c, LK_EDATA, "district '%s': population %g (expected a finite weight > 0)", dname(nm, i),
                         in->population[i]);
        size_t k = 0;
        for (size_t j = 0; j < m; j++)
            k += (size_t)has(in, j * n + i);
        if (!k)
            return cfail(c, LK_EDATA, "district '%s' has no value for any indicator (expected at least 1)",
                         dname(nm, i));
    }
    return LK_OK;
}

int lk_composite_compute(lk_composite **out, const lk_composite_input *in, const lk_composite_opts *opts)
{
    static const lk_composite_opts defaults = LK_COMPOSITE_OPTS_INIT;
    if (!out)
        return LK_EINVAL;
    *out = NULL;
    lk_composite *c = calloc(1, sizeof *c);
    if (!c)
        return LK_ENOMEM;
    *out = c;
    if (!in || !in->value || !in->direction)
        return cfail(c, LK_EINVAL, "no table given (expected values and a direction per indicator)");
    if (in->n_districts < 2 || in->n_indicators < 1)
        return cfail(c, LK_EINVAL, "%zu districts and %zu indicators (expected at least 2 districts and 1 indicator)",
                     in->n_districts, in->n_indicators);
    lk_composite_opts o = opts ? *opts : defaults;
    if (o.partial != 0 && o.partial != 1)
        return cfail(c, LK_EINVAL, "partial = %d (expected 0 or 1)", o.partial);
    names nm = { in, { 0 }, { 0 } };
    int rc = check(c, in, &o, &nm);
    if (rc != LK_OK)
        return rc;

    size_t n = in->n_districts, m = in->n_indicators, cells = n * m;
    c->n_districts = n;
    c->n_indicators = m;
    c->score = malloc(cells * sizeof *c->score);
    c->z = malloc(cells * sizeof *c->z);
    c->mean_score = malloc(n * sizeof *c->mean_score);
    c->mean_z = malloc(n * sizeof *c->mean_z);
    c->index_z = malloc(n * sizeof *c->index_z);
    c->n_used = malloc(n * sizeof *c->n_used);
    c->rank_score = malloc(n * sizeof *c->rank_score);
    c->rank_z = malloc(n * sizeof *c->rank_z);
    keyed *tmp = malloc(n * sizeof *tmp);
    double *sum = malloc(n * sizeof *sum), *zsum = malloc(n * sizeof *zsum);
    size_t *cnt = malloc(n * sizeof *cnt);
    int ok = c->score && c->z && c->mean_score && c->mean_z && c->index_z && c->n_used && c->rank_score &&
             c->rank_z && tmp && sum && zsum && cnt;
    if (ok && m >= 2) {
        c->loo_rank_score = malloc(cells * sizeof *c->loo_rank_score);
        c->loo_rank_z = malloc(cells * sizeof *c->loo_rank_z);
        c->loo_max_change_score = calloc(m, sizeof *c->loo_max_change_score);
        c->loo_max_change_z = calloc(m, sizeof *c->loo_max_change_z);
        c->loo_district_score = calloc(m, sizeof *c->loo_district_score);
        c->loo_district_z = calloc(m, sizeof *c->loo_district_z);
        ok = c->loo_rank_score && c->loo_rank_z && c->loo_max_change_score && c->loo_max_change_z &&
             c->loo_district_score && c->loo_district_z;
    }
    if (!ok) {
        rc = LK_ENOMEM;
        goto done;
    }
    for (size_t k = 0; k < cells; k++)
        c->score[k] = NAN;
    for (size_t j = 0; j < m; j++) {
        score_indicator(in, j, tmp, c->score);
        if ((rc = z_indicator(c, in, j, &nm)) != LK_OK)
            goto done;
    }
    means(c, in, m, sum, cnt, zsum);
    for (size_t i = 0; i < n; i++) {
        c->n_used[i] = cnt[i];
        c->mean_score[i] = sum[i] / (double)cnt[i];
        c->mean_z[i] = zsum[i] / (double)cnt[i];
        c->index_z[i] = 100.0 + 10.0 * c->mean_z[i];
    }
    ranks(sum, zsum, cnt, n, c->rank_score, c->rank_z);
    for (size_t j = 0; m >= 2 && j < m; j++) {
        size_t *rs = c->loo_rank_score + j * n, *rz = c->loo_rank_z + j * n;
        means(c, in, j, sum, cnt, zsum);
        ranks(sum, zsum, cnt, n, rs, rz);
        /* The first district in input order with the largest change: strict > keeps it. */
        size_t best_s = 0, best_z = 0, at_s = 0, at_z = 0;
        for (size_t i = 0; i < n; i++) {
            if (rs[i] && absdiff(rs[i], c->rank_score[i]) > best_s) {
                best_s = absdiff(rs[i], c->rank_score[i]);
                at_s = i;
            }
            if (rz[i] && absdiff(rz[i], c->rank_z[i]) > best_z) {
                best_z = absdiff(rz[i], c->rank_z[i]);
                at_z = i;
            }
        }
        c->loo_max_change_score[j] = best_s;
        c->loo_district_score[j] = at_s;
        c->loo_max_change_z[j] = best_z;
        c->loo_district_z[j] = at_z;
    }
done:
    free(tmp);
    free(sum);
    free(zsum);
    free(cnt);
    if (rc == LK_ENOMEM) {
        lk_composite_free(c);
        *out = NULL;
    } else if (rc != LK_OK) {
        /* A refusal keeps only its message: no half-filled arrays to misread. */
        char msg[sizeof c->errmsg];
        memcpy(msg, c->errmsg, sizeof msg);
        lk_composite_free(c);
        c = calloc(1, sizeof *c);
        *out = c;
        if (!c)
            return LK_ENOMEM;
        memcpy(c->errmsg, msg, sizeof msg);
    }
    return rc;
}

void lk_composite_free(lk_composite *c)
{
    if (!c)
        return;
    free(c->score);
    free(c->z);
    free(c->mean_score);
    free(c->mean_z);
    free(c->index_z);
    free(c->n_used);
    free(c->rank_score);
    free(c->rank_z);
    free(c->loo_rank_score);
    free(c->loo_rank_z);
    free(c->loo_max_change_score);
    free(c->loo_max_change_z);
    free(c->loo_district_score);
    free(c->loo_district_z);
    free(c);
}

const char *lk_composite_errmsg(const lk_composite *c)
{
    return c ? c->errmsg : "";
}
