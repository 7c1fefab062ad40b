/* Inequality between districts of one rate (issue 16; formulas of apis-and-profiles.md §5.2,
 * methods.md §5.6). Every input is checked before anything is divided, so a missing value is a
 * refusal that names the district and keeps its reason, never a zero in a sum; a measure the
 * data cannot give (MLD with a rate of 0) is marked undefined with its reason while the others
 * are still given. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include "levekar/inequality.h"

static int rfail(lk_ineq_result *r, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int rfail(lk_ineq_result *r, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

static void undefined(lk_ineq_measure *m, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void undefined(lk_ineq_measure *m, const char *fmt, ...)
{
    va_list ap;
    m->defined = 0;
    m->value = NAN;
    va_start(ap, fmt);
    vsnprintf(m->why, sizeof m->why, fmt, ap);
    va_end(ap);
}

static void no_ci(lk_ineq_measure *m, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void no_ci(lk_ineq_measure *m, const char *fmt, ...)
{
    va_list ap;
    m->has_ci = 0;
    m->lo = m->hi = NAN;
    va_start(ap, fmt);
    vsnprintf(m->why, sizeof m->why, fmt, ap);
    va_end(ap);
}

static void measure_init(lk_ineq_measure *m)
{
    m->defined = 0;
    m->value = m->lo = m->hi = m->se = NAN;
    m->has_ci = 0;
    m->why[0] = '\0';
}

static void defined(lk_ineq_measure *m, double v)
{
    m->defined = 1;
    m->value = v;
}

/* A district's name for messages: its own, or "district K" (1-based) in a caller's buffer. */
static const char *dname(const lk_ineq_input *in, size_t i, char *buf, size_t size)
{
    if (in->names && in->names[i] && *in->names[i])
        return in->names[i];
    snprintf(buf, size, "district %zu", i + 1);
    return buf;
}

static const char *reason(const lk_ineq_input *in, size_t i)
{
    return in->why && in->why[i] && *in->why[i] ? in->why[i] : "no reason given";
}

/* One group of the SII regression: districts tied in the order, summed. */
typedef struct group {
    double key;      /* the sort key: the rate, or minus the deprivation score */
    double x, n;     /* events and population */
    size_t first;    /* smallest input index, for a stable order */
} group;

static int group_cmp(const void *a, const void *b)
{
    const group *p = a, *q = b;
    if (p->key < q->key) return -1;
    if (p->key > q->key) return 1;
    return p->first < q->first ? -1 : p->first > q->first;
}

/* SII and RII (§5.2, PHE's phe_sii): groups in order, ridit of the cumulative population at
 * each group's midpoint, population-weighted least squares of the rate on the ridit. */
static int sii(const lk_ineq_input *in, const size_t *use, size_t n, const lk_ineq_opts *o, lk_ineq_result *r)
{
    group *g = malloc(n * sizeof *g);
    double *t = malloc(n * sizeof *t), *y = malloc(n * sizeof *y), *w = malloc(n * sizeof *w);
    int rc = LK_OK;
    if (!g || !t || !y || !w) {
        rc = rfail(r, LK_ENOMEM, "out of memory (inequality of %zu districts)", n);
        goto done;
    }
    for (size_t k = 0; k < n; k++) {
        size_t i = use[k];
        g[k].x = in->numerator[i];
        g[k].n = in->denominator[i];
        g[k].first = i;
        /* Most deprived first: a higher score sorts earlier. */
        g[k].key = in->deprivation ? -in->deprivation[i] : in->numerator[i] / in->denominator[i];
    }
    qsort(g, n, sizeof *g, group_cmp);
    /* Join ties: the same key is one group, so neither the input order nor an arbitrary
     * tie-break moves the line. */
    size_t k = 0;
    for (size_t j = 0; j < n; j++) {
        if (k > 0 && g[j].key == g[k - 1].key) {
            g[k - 1].x += g[j].x;
            g[k - 1].n += g[j].n;
        } else
            g[k++] = g[j];
    }
    r->sii_groups = k;
    if (k < 2) {
        if (!in->deprivation) {
            /* Every rate the same: no gradient at all. */
            defined(&r->sii, 0.0);
            defined(&r->rii, 1.0);
            r->sii_intercept = r->total_rate;
            no_ci(&r->sii, "every district has the same rate: SII is 0 without an interval");
            no_ci(&r->rii, "every district has the same rate: RII is 1 without an interval");
        } else {
            undefined(&r->sii, "SII is undefined: every district has the same deprivation score "
                               "(expected at least 2 different scores)");
            undefined(&r->rii, "RII is undefined: every district has the same deprivation score "
                               "(expected at least 2 different scores)");
        }
        goto done;
    }
    double cum = 0.0;
    for (size_t j = 0; j < k; j++) {
        double a = g[j].n / r->population;
        t[j] = cum + a / 2.0;
        cum += a;
        y[j] = g[j].x / g[j].n;
        w[j] = a;
    }
    double c0, c1, cov00, cov01, cov11, chisq;
    gsl_fit_wlinear(t, 1, w, 1, y, 1, k, &c0, &c1, &cov00, &cov01, &cov11, &chisq);
    defined(&r->sii, c1);
    r->sii_intercept = c0;

    double level = o->level, se = NAN, q = NAN;
    if (o->sii_ci == LK_INEQ_CI_REGRESSION) {
        if (k >= 3) {
            /* gsl's cov11 is 1/Σw(t−t̄)² for weights taken as inverse variances; scaled by the
             * residual variance χ²/(k−2) it is the usual weighted-regression SE (and free of
             * the weights' scale). */
            se = sqrt(cov11 * chisq / (double)(k - 2));
            q = gsl_cdf_tdist_Pinv(1.0 - (1.0 - level) / 2.0, (double)(k - 2));
        } else
            no_ci(&r->sii, "the regression's standard error needs at least 3 groups (got %zu): no interval", k);
    } else {
        double tbar = 0.0, stt = 0.0, var = 0.0;
        for (size_t j = 0; j < k; j++)
            tbar += w[j] * t[j];
        for (size_t j = 0; j < k; j++)
            stt += w[j] * (t[j] - tbar) * (t[j] - tbar);
        for (size_t j = 0; j < k; j++) {
            double c = w[j] * (t[j] - tbar) / stt;
            var += c * c * g[j].x / (g[j].n * g[j].n);
        }
        se = sqrt(var);
        q = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - level) / 2.0);
    }
    if (!isnan(se)) {
        r->sii.has_ci = 1;
        r->sii.se = se;
        r->sii.lo = c1 - q * se;
        r->sii.hi = c1 + q * se;
    }

    if (!(c0 > 0.0)) {
        undefined(&r->rii, "RII is undefined: the fitted rate at the start of the order is %g "
                           "(expected Y0 > 0)", c0);
        goto done;
    }
    defined(&r->rii, (c0 + c1) / c0);
    if (r->sii.has_ci) {
        /* RII = 1 + b / (r̄ − b/2) rises with b while r̄ − b/2 > 0. */
        double y0lo = r->total_rate - r->sii.lo / 2.0, y0hi = r->total_rate - r->sii.hi / 2.0;
        if (y0lo > 0.0 && y0hi > 0.0) {
            r->rii.has_ci = 1;
            r->rii.lo = 1.0 + r->sii.lo / y0lo;
            r->rii.hi = 1.0 + r->sii.hi / y0hi;
        } else
            no_ci(&r->rii, "RII's interval is undefined: the fitted rate at the start of the order is "
                           "not > 0 at a limit of SII");
    } else
        no_ci(&r->rii, "%s", "no interval: SII has none");
done:
    free(g);
    free(t);
    free(y);
    free(w);
    return rc;
}

static int rate_cmp(const void *a, const void *b)
{
    const group *p = a, *q = b;
    if (p->key < q->key) return -1;
    return p->key > q->key;
}

/* The rate of the first `want` persons of g[0..n) in that order, a district on the boundary
 * taking part pro rata (its events at its own rate). */
static double first_part(const group *g, size_t n, double want, int backwards)
{
    double got = 0.0, x = 0.0;
    for (size_t k = 0; k < n && got < want; k++) {
        const group *d = &g[backwards ? n - 1 - k : k];
        double take = d->n < want - got ? d->n : want - got;
        x += take * (d->x / d->n);
        got += take;
    }
    return x / want;
}

/* The fifths of the population with the lowest and the highest rates (§5.2: "more stable:
 * top vs bottom quintile of districts by population"). Ties need no order: equal rates give
 * the same sum whichever comes first. */
static int fifths(const lk_ineq_input *in, const size_t *use, size_t n, lk_ineq_result *r)
{
    char nb[32];
    group *g = malloc(n * sizeof *g);
    if (!g)
        return rfail(r, LK_ENOMEM, "out of memory (inequality of %zu districts)", n);
    for (size_t k = 0; k < n; k++) {
        size_t i = use[k];
        g[k].x = in->numerator[i];
        g[k].n = in->denominator[i];
        g[k].key = g[k].x / g[k].n;
        g[k].first = i;
    }
    qsort(g, n, sizeof *g, rate_cmp);
    double fifth = r->population / 5.0;
    r->fifth_low = first_part(g, n, fifth, 0);
    r->fifth_high = first_part(g, n, fifth, 1);
    free(g);
    defined(&r->fifth_difference, r->fifth_high - r->fifth_low);
    if (r->fifth_low > 0.0)
        defined(&r->fifth_ratio, r->fifth_high / r->fifth_low);
    else
        undefined(&r->fifth_ratio, "the ratio of the fifths is undefined: the fifth of the population with the "
                  "lowest rates has rate 0 (district '%s' has rate 0; expected a rate > 0)",
                  dname(in, r->i_min, nb, sizeof nb));
    return LK_OK;
}

/* Check the input, choose the districts used; on success *use holds their indices. */
static int pick(const lk_ineq_input *in, const lk_ineq_opts *o, lk_ineq_result *r, size_t **use_out, size_t *n_out)
{
    char nb[32];
    size_t *use = malloc((in->n ? in->n : 1) * sizeof *use), n = 0, k = 0;
    if (!use)
        return rfail(r, LK_ENOMEM, "out of memory (inequality of %zu districts)", in->n);
    for (size_t i = 0; i < in->n; i++) {
        if (in->has_value && !in->has_value[i]) {
            if (!o->omit_missing) {
                free(use);
                return rfail(r, LK_EDATA, "district '%s' has no value (%s) (expected a value for every district, "
                             "or leave it out with omit_missing)", dname(in, i, nb, sizeof nb), reason(in, i));
            }
            int w = snprintf(r->note + k, sizeof r->note - k, "%s%s (%s)", k ? ", " : "left out: ",
                             dname(in, i, nb, sizeof nb), reason(in, i));
            if (w > 0)
                k = k + (size_t)w < sizeof r->note ? k + (size_t)w : sizeof r->note - 1;
            r->n_omitted++;
            continue;
        }
        double x = in->numerator[i], p = in->denominator[i];
        if (!isfinite(x) || x < 0.0) {
            free(use);
            return rfail(r, LK_EDATA, "district '%s': numerator %g (expected a finite count >= 0)",
                         dname(in, i, nb, sizeof nb), x);
        }
        if (!isfinite(p) || p <= 0.0) {
            free(use);
            return rfail(r, LK_EDATA, "district '%s': population %g (expected a finite population > 0)",
                         dname(in, i, nb, sizeof nb), p);
        }
        if (in->deprivation && !isfinite(in->deprivation[i])) {
            free(use);
            return rfail(r, LK_EDATA, "district '%s': deprivation score %g (expected a finite score)",
                         dname(in, i, nb, sizeof nb), in->deprivation[i]);
        }
        use[n++] = i;
    }
    if (n < 2) {
        free(use);
        return rfail(r, LK_EDATA, "inequality between districts needs at least 2 districts with values (got %zu%s%s)",
                     n, r->n_omitted ? "; " : "", r->note);
    }
    *use_out = use;
    *n_out = n;
    return LK_OK;
}

int lk_ineq_compute(const lk_ineq_input *in, const lk_ineq_opts *opts, lk_ineq_result *out)
{
    static const lk_ineq_opts defaults = LK_INEQ_OPTS_INIT;
    char nb[32];
    if (!out)
        return LK_EINVAL;
    memset(out, 0, sizeof *out);
    lk_ineq_measure *all[] = { &out->ratio, &out->difference, &out->fifth_ratio, &out->fifth_difference, &out->theil_t, &out->mld, &out->gini, &out->sii, &out->rii };
    for (size_t m = 0; m < sizeof all / sizeof *all; m++)
        measure_init(all[m]);
    out->fifth_low = out->fifth_high = NAN;
    out->total_rate = out->population = out->rate_min = out->rate_max = out->sii_intercept = NAN;
    out->sii_order = "rate";
    out->sii_ci_method = "regression standard error (t, k-2 df)";
    if (!in || !in->numerator || !in->denominator)
        return rfail(out, LK_EINVAL, "no districts given (expected numerator and denominator arrays)");
    lk_ineq_opts o = opts ? *opts : defaults;
    if (o.level == 0.0)
        o.level = 0.95;
    if (!(o.level > 0.0 && o.level < 1.0))
        return rfail(out, LK_EINVAL, "confidence level %g (expected a number between 0 and 1)", o.level);
    if (o.sii_ci != LK_INEQ_CI_REGRESSION && o.sii_ci != LK_INEQ_CI_SAMPLING)
        return rfail(out, LK_EINVAL, "SII interval method %d (expected LK_INEQ_CI_REGRESSION or LK_INEQ_CI_SAMPLING)",
                     (int)o.sii_ci);
    if (in->deprivation)
        out->sii_order = "deprivation";
    if (o.sii_ci == LK_INEQ_CI_SAMPLING)
        out->sii_ci_method = "sampling (Poisson) variance (normal)";

    size_t *use = NULL, n = 0;
    int rc = pick(in, &o, out, &use, &n);
    if (rc != LK_OK)
        return rc;
    out->n = n;

    double X = 0.0, N = 0.0;
    size_t imin = use[0], imax = use[0];
    for (size_t k = 0; k < n; k++) {
        size_t i = use[k];
        double ri = in->numerator[i] / in->denominator[i];
        X += in->numerator[i];
        N += in->denominator[i];
        if (ri < in->numerator[imin] / in->denominator[imin]) imin = i;
        if (ri > in->numerator[imax] / in->denominator[imax]) imax = i;
    }
    double rbar = X / N;
    out->total_rate = rbar;
    out->population = N;
    out->i_min = imin;
    out->i_max = imax;
    out->rate_min = in->numerator[imin] / in->denominator[imin];
    out->rate_max = in->numerator[imax] / in->denominator[imax];

    /* Ratio and difference of the extremes (§5.2, first point). */
    defined(&out->difference, out->rate_max - out->rate_min);
    if (out->rate_min > 0.0)
        defined(&out->ratio, out->rate_max / out->rate_min);
    else
        undefined(&out->ratio, "the ratio max/min is undefined: district '%s' has rate 0 (expected a lowest rate > 0)",
                  dname(in, imin, nb, sizeof nb));

    if ((rc = fifths(in, use, n, out)) != LK_OK) {
        free(use);
        return rc;
    }

    if (!(rbar > 0.0)) {
        /* No event anywhere: every rate is 0, and each measure below divides by r̄. */
        const char *w = "there is no event in any district (expected a total rate > 0)";
        undefined(&out->theil_t, "Theil T is undefined: %s", w);
        undefined(&out->mld, "MLD is undefined: %s", w);
        undefined(&out->gini, "the Gini coefficient is undefined: %s", w);
    } else {
        /* Theil T = Σ wᵢ (rᵢ/r̄) ln(rᵢ/r̄); a zero rate adds its limit, 0. MLD = Σ wᵢ ln(r̄/rᵢ),
         * undefined with a zero rate. */
        double t = 0.0, l = 0.0;
        size_t zero = (size_t)-1;
        for (size_t k = 0; k < n; k++) {
            size_t i = use[k];
            double wi = in->denominator[i] / N, q = (in->numerator[i] / in->denominator[i]) / rbar;
            if (q > 0.0) {
                t += wi * q * log(q);
                l -= wi * log(q);
            } else if (zero == (size_t)-1)
                zero = i;
        }
        defined(&out->theil_t, t);
        if (zero == (size_t)-1)
            defined(&out->mld, l);
        else
            undefined(&out->mld, "MLD is undefined: district '%s' has rate 0 (expected every rate > 0)",
                      dname(in, zero, nb, sizeof nb));
        /* Gini = Σᵢ Σⱼ wᵢ wⱼ |rᵢ − rⱼ| / (2 r̄): each unordered pair counted twice. */
        double s = 0.0;
        for (size_t a = 0; a < n; a++)
            for (size_t b = a + 1; b < n; b++) {
                size_t i = use[a], j = use[b];
                s += (in->denominator[i] / N) * (in->denominator[j] / N) *
                     fabs(in->numerator[i] / in->denominator[i] - in->numerator[j] / in->denominator[j]);
            }
        defined(&out->gini, 2.0 * s / (2.0 * rbar));
    }

    rc = sii(in, use, n, &o, out);
    free(use);
    return rc;
}
