/* Comparing an area with the rest of its reference (methods.md §5.4). */
#include <math.h>
#include <gsl/gsl_cdf.h>
#include "levekar/stats.h"

int lk_test_two_proportions(double x1, double n1, double x2, double n2, double *z, double *p)
{
    if (!z || !p || !(n1 > 0.0) || !(n2 > 0.0) || !(x1 >= 0.0) || !(x2 >= 0.0) || x1 > n1 || x2 > n2
        || !isfinite(n1) || !isfinite(n2))
        return LK_EINVAL;
    double pooled = (x1 + x2) / (n1 + n2);
    if (pooled <= 0.0 || pooled >= 1.0) return LK_ENOTFOUND;
    double se = sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2));
    *z = (x1 / n1 - x2 / n2) / se;
    *p = 2.0 * gsl_cdf_ugaussian_Q(fabs(*z));
    if (*p > 1.0) *p = 1.0;
    return LK_OK;
}

int lk_test_two_rates(double x1, double n1, double x2, double n2, double *p)
{
    if (!p || !(n1 > 0.0) || !(n2 > 0.0) || !(x1 >= 0.0) || !(x2 >= 0.0) || floor(x1) != x1 || floor(x2) != x2
        || x1 + x2 > 4e9)
        return LK_EINVAL;
    unsigned total = (unsigned)(x1 + x2), k = (unsigned)x1;
    if (total == 0) return LK_ENOTFOUND;
    double q = n1 / (n1 + n2);
    double lower = gsl_cdf_binomial_P(k, q, total);
    double upper = k == 0 ? 1.0 : gsl_cdf_binomial_Q(k - 1, q, total);
    double two = 2.0 * (lower < upper ? lower : upper);
    *p = two > 1.0 ? 1.0 : two;
    return LK_OK;
}
