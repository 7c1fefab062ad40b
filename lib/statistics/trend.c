/* Weighted linear trend with an interval for the slope, and the annual per cent change. */
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include "levekar/stats.h"

static int valid(const double *v, size_t n, int positive)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]) || (positive && !(v[i] > 0.0))) return 0;
    return 1;
}

int lk_trend_wls(const double *t, const double *y, const double *w, const double *lny_w, size_t n,
                 double level, lk_trend *out)
{
    if (!t || !y || !w || !out || n < 3 || !(level > 0.0 && level < 1.0)) return LK_EINVAL;
    if (!valid(t, n, 0) || !valid(y, n, 0) || !valid(w, n, 1)) return LK_EINVAL;
    int varies = 0;
    for (size_t i = 1; i < n; i++)
        if (t[i] != t[0]) varies = 1;
    if (!varies) return LK_EINVAL;
    double c0, c1, cov00, cov01, cov11, chisq;
    gsl_fit_wlinear(t, 1, w, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &chisq);
    double df = (double)n - 2.0;
    double disp = df > 0 ? chisq / df : 1.0;
    double scale = disp > 1.0 ? disp : 1.0;
    double se = sqrt(cov11 * scale);
    double q = gsl_cdf_tdist_Pinv(1.0 - (1.0 - level) / 2.0, df);
    /* values near the largest double overflow in the sums of squares: no trend rather than inf */
    if (!isfinite(c1) || !isfinite(c0) || !isfinite(se) || !isfinite(c1 - q * se) || !isfinite(c1 + q * se))
        return LK_ELIMIT;
    out->slope = c1;
    out->intercept = c0;
    out->slope_lo = c1 - q * se;
    out->slope_hi = c1 + q * se;
    out->dispersion = disp;
    out->n = n;
    out->apc = out->apc_lo = out->apc_hi = NAN;
    if (lny_w && valid(lny_w, n, 1) && valid(y, n, 1)) {
        double *ly = malloc(n * sizeof *ly);
        if (!ly) return LK_ENOMEM;
        for (size_t i = 0; i < n; i++) ly[i] = log(y[i]);
        double d0, d1, e00, e01, e11, chi2;
        gsl_fit_wlinear(t, 1, lny_w, 1, ly, 1, n, &d0, &d1, &e00, &e01, &e11, &chi2);
        free(ly);
        out->apc = 100.0 * (exp(d1) - 1.0);
        if (!isfinite(out->apc)) out->apc = NAN; /* no annual change to give */
    }
    return LK_OK;
}
