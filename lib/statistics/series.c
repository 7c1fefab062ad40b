/* The trend of an area's series from its counts: weights from one pooled variance model, and
 * slope, annual per cent change and direction from the same fit (stats.h says why). */
#include <math.h>
#include <stdlib.h>
#include "levekar/stats.h"

int lk_trend_counts(const double *t, const double *x, const double *n, size_t k, lk_trend_model model,
                    double scale, double level, lk_trend *out, const char **direction)
{
    if (direction) *direction = "too-few-periods";
    if (!t || !x || !n || !out || !direction || !(level > 0.0 && level < 1.0) || !(scale > 0.0)) return LK_EINVAL;
    double sx = 0, sn = 0;
    for (size_t i = 0; i < k; i++) {
        if (!isfinite(x[i]) || !isfinite(n[i]) || !isfinite(t[i]) || !(n[i] > 0) || x[i] < 0) return LK_EINVAL;
        if (model == LK_TREND_BINOMIAL && x[i] > n[i]) return LK_EINVAL;
        sx += x[i];
        sn += n[i];
    }
    out->n = k;
    out->slope = out->slope_lo = out->slope_hi = out->intercept = out->dispersion = 0;
    out->apc = out->apc_lo = out->apc_hi = NAN;
    int varies = 0;
    for (size_t i = 1; i < k; i++)
        if (t[i] != t[0]) varies = 1;
    if (k < 3 || !varies) return LK_ENOTFOUND;
    double pbar = sx / sn;
    if (model != LK_TREND_EQUAL && (pbar <= 0 || (model == LK_TREND_BINOMIAL && pbar >= 1))) {
        *direction = "no-variation";
        return LK_ENOTFOUND;
    }
    double *y = malloc(2 * k * sizeof *y);
    if (!y) return LK_ENOMEM;
    double *w = y + k;
    double sw = 0, swy = 0;
    for (size_t i = 0; i < k; i++) {
        y[i] = scale * x[i] / n[i];
        double var = model == LK_TREND_BINOMIAL ? scale * scale * pbar * (1 - pbar) / n[i]
                   : model == LK_TREND_POISSON  ? scale * scale * pbar / n[i]
                                                : 1.0;
        w[i] = 1.0 / var;
        sw += w[i];
        swy += w[i] * y[i];
    }
    int rc = lk_trend_wls(t, y, w, NULL, k, level, out);
    free(y);
    if (rc != LK_OK) return rc;
    double level_mid = swy / sw;
    if (level_mid > 0) {
        out->apc = 100.0 * out->slope / level_mid;
        out->apc_lo = 100.0 * out->slope_lo / level_mid;
        out->apc_hi = 100.0 * out->slope_hi / level_mid;
    }
    *direction = out->slope_lo > 0 ? "increasing" : out->slope_hi < 0 ? "decreasing" : "stable";
    return LK_OK;
}
