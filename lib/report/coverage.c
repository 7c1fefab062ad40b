/* The coverage report (levekar/coverage.h): the rows of lk_zone_agg_coverage(), each a small
 * relation total = in_zones + uoppgitt + outside given to lk_suppress_run(), written as CSV with
 * the hidden cells empty. Here, not in lib/geography, because geography may not call statistics. */
#include <math.h>
#include <string.h>
#include "levekar/coverage.h"
#include "levekar/numbers.h"

typedef struct cov_ctx {
    FILE *out;
    lk_suppress_opts o; /* limits resolved */
    int protect;        /* 0: nothing to hide (no limits) */
    lk_suppress_result res;
    int rc;
} cov_ctx;

enum { TOTAL, IN_ZONES, UOPPGITT, OUTSIDE, N_CELLS };

static int hidden(const lk_suppress_cell *c)
{
    return c->state == LK_SUPPRESS_PRIMARY || c->state == LK_SUPPRESS_SECONDARY;
}

static void number(char *buf, size_t size, double v, int shown)
{
    buf[0] = '\0';
    if (shown) lk_format_number(buf, size, v);
}

static int on_row(const lk_zone_coverage *r, void *payload)
{
    cov_ctx *x = payload;
    /* a part no grunnkrets of the data falls in is empty by definition: shown, never a victim */
    const double v[N_CELLS] = { r->total, r->in_zones, r->uoppgitt, r->outside };
    const size_t rows[N_CELLS] = { 1, r->n_in_zones, r->n_uoppgitt, r->n_outside };
    const lk_level level[N_CELLS] = { LK_LEVEL_KOMMUNE, LK_LEVEL_ZONE, LK_LEVEL_GRUNNKRETS, LK_LEVEL_GRUNNKRETS };
    lk_suppress_cell c[N_CELLS];
    for (size_t i = 0; i < N_CELLS; i++) {
        c[i].numerator = c[i].denominator = v[i];
        c[i].has_counts = 1;
        c[i].exempt = i == TOTAL || !rows[i] || !(x->o.levels & LK_SUPPRESS_LEVEL(level[i]));
        c[i].code = NULL; /* ties by position: in_zones, uoppgitt, outside */
        c[i].state = LK_SUPPRESS_SHOWN;
    }
    if (x->protect) {
        static const size_t parts[3] = { IN_ZONES, UOPPGITT, OUTSIDE };
        const lk_suppress_relation rel = { TOTAL, parts, 3 };
        lk_suppress_result res;
        int rc = lk_suppress_run(c, N_CELLS, &rel, 1, &x->o, &res);
        if (rc != LK_OK) {
            x->rc = rc;
            return 1;
        }
        x->res.primary += res.primary;
        x->res.secondary += res.secondary;
        x->res.unresolved += res.unresolved;
        if (res.rounds > x->res.rounds) x->res.rounds = res.rounds;
    }
    char dims[1024] = "";
    size_t k = 0;
    for (size_t d = 0; d < r->n_dims && k < sizeof dims; d++)
        k += (size_t)snprintf(dims + k, sizeof dims - k, "%s%s=%s", d ? "; " : "", r->dims[d].name, r->dims[d].value);
    char total[40], inz[40], unk[40], outside[40], share[40] = "", share_unk[40] = "", share_none[40] = "";
    number(total, sizeof total, r->total, 1);
    number(inz, sizeof inz, r->in_zones, !hidden(&c[IN_ZONES]));
    number(unk, sizeof unk, r->uoppgitt, !hidden(&c[UOPPGITT]));
    number(outside, sizeof outside, r->outside, !hidden(&c[OUTSIDE]));
    if (r->total > 0) { /* the shares of total, in per cent; no zone counts uoppgitt too */
        number(share, sizeof share, 100.0 * r->outside / r->total, !hidden(&c[OUTSIDE]));
        number(share_unk, sizeof share_unk, 100.0 * r->uoppgitt / r->total, !hidden(&c[UOPPGITT]));
        number(share_none, sizeof share_none, 100.0 * (r->total - r->in_zones) / r->total, !hidden(&c[IN_ZONES]));
    }
    lk_suppress_state worst = LK_SUPPRESS_SHOWN;
    for (size_t i = 0; i < N_CELLS; i++)
        if (c[i].state == LK_SUPPRESS_PRIMARY || (c[i].state == LK_SUPPRESS_SECONDARY && worst == LK_SUPPRESS_SHOWN))
            worst = c[i].state;
    fprintf(x->out, "%s,", r->kommune);
    lk_csv_write_field(x->out, r->period);
    putc(',', x->out);
    lk_csv_write_field(x->out, r->measure);
    putc(',', x->out);
    lk_csv_write_field(x->out, dims);
    fprintf(x->out, ",%s,%s,%s,%s,%s,%s,%s,%s\n", total, inz, unk, outside, share, share_unk, share_none,
            lk_suppress_status(worst));
    return 0;
}

int lk_coverage_write(FILE *out, lk_zone_agg *a, const lk_suppress_opts *o, lk_suppress_result *res)
{
    if (res) memset(res, 0, sizeof *res);
    if (!out || !a || (o && o->version != LK_SUPPRESS_OPTS_VERSION)) return LK_EINVAL;
    cov_ctx x;
    memset(&x, 0, sizeof x);
    x.out = out;
    x.rc = LK_OK;
    lk_suppress_preset(&x.o, "none");
    if (o) x.o = *o;
    if (x.o.min_numerator == LK_SUPPRESS_INDICATOR) x.o.min_numerator = LK_COVERAGE_MIN_COUNT;
    if (x.o.min_denominator == LK_SUPPRESS_INDICATOR) x.o.min_denominator = 0;
    if (!(x.o.min_numerator >= 0) || !(x.o.min_denominator >= 0)) return LK_EINVAL;
    x.o.complement = 0; /* counts, not shares: "all but two" has no population here */
    x.protect = x.o.min_numerator > 0 || x.o.min_denominator > 0;
    fputs(LK_COVERAGE_HEADER "\n", out);
    int rc = lk_zone_agg_coverage(a, on_row, &x);
    if (rc == LK_EUSER) rc = x.rc;
    if (rc != LK_OK) return rc;
    if (res) *res = x.res;
    return ferror(out) ? LK_EIO : LK_OK;
}
