/* Confidence intervals for proportions and Poisson counts (methods.md §5.1–5.2). */
#include <math.h>
#include <gsl/gsl_cdf.h>
#include "levekar/stats.h"

static int bad_level(double level)
{
    return !(level > 0.0 && level < 1.0);
}

static int bad_proportion(double x, double n)
{
    return !(n > 0.0) || !(x >= 0.0) || x > n || !isfinite(x) || !isfinite(n);
}

int lk_ci_wilson(double x, double n, double level, double *lo, double *hi)
{
    if (!lo || !hi || bad_proportion(x, n) || bad_level(level)) return LK_EINVAL;
    double z = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - level) / 2.0);
    double z2 = z * z;
    double root = z * sqrt(z2 + 4.0 * x * (1.0 - x / n));
    *lo = (2.0 * x + z2 - root) / (2.0 * (n + z2));
    *hi = (2.0 * x + z2 + root) / (2.0 * (n + z2));
    if (*lo < 0.0) *lo = 0.0;
    if (*hi > 1.0) *hi = 1.0;
    return LK_OK;
}

int lk_ci_exact_binomial(double x, double n, double level, double *lo, double *hi)
{
    if (!lo || !hi || bad_proportion(x, n) || bad_level(level)) return LK_EINVAL;
    double a = (1.0 - level) / 2.0;
    *lo = x <= 0.0 ? 0.0 : gsl_cdf_beta_Pinv(a, x, n - x + 1.0);
    *hi = x >= n ? 1.0 : gsl_cdf_beta_Pinv(1.0 - a, x + 1.0, n - x);
    return LK_OK;
}

int lk_ci_poisson_exact(double x, double level, double *lo, double *hi)
{
    if (!lo || !hi || !(x >= 0.0) || !isfinite(x) || bad_level(level)) return LK_EINVAL;
    double a = (1.0 - level) / 2.0;
    *lo = x <= 0.0 ? 0.0 : gsl_cdf_chisq_Pinv(a, 2.0 * x) / 2.0;
    *hi = gsl_cdf_chisq_Pinv(1.0 - a, 2.0 * x + 2.0) / 2.0;
    return LK_OK;
}
