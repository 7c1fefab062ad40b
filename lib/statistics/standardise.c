/* Direct and indirect age (and sex) standardisation (issue 15; formulas in methods.md §5.3,
 * FHI's indirect method in §1.3, Poisson limits in §5.2). The data's bands are first laid
 * into the strata of the standard: each band inside one stratum, each stratum used covered
 * exactly once by every side, no stratum skipped between the first and the last used. Only
 * then is anything divided, so a band that does not fit is a refusal that names it, never a
 * rate over the wrong ages. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include "levekar/indicators.h"
#include "levekar/stats.h"
#include "standardise_internal.h"

enum { MAX_SIDES = 4 };

/* One side's bands as laid into the strata. */
typedef struct side {
    const char *what;         /* "numerator", "reference denominator", ... for messages */
    const lk_std_band *b;
    size_t n;
    lk__stratum *parsed;      /* n bands: ages, sex, count (pop), index + 1 (line) */
    size_t *at;               /* n: the stratum each band lies in */
    double *sum;              /* per stratum */
    size_t *parts;            /* per stratum: bands summed into it (0: not covered) */
    int sex;                  /* 1: the bands have a sex */
} side;

typedef struct job {
    lk__stratum *s;           /* the strata of this call, sorted by sex then age */
    size_t n;
    int by_sex;
    side sides[MAX_SIDES];
    size_t n_sides;
    lk_std_result *out;
} job;

static int rfail(lk_std_result *r, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int rfail(lk_std_result *r, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

static void job_free(job *j)
{
    free(j->s);
    for (size_t i = 0; i < j->n_sides; i++) {
        free(j->sides[i].parsed);
        free(j->sides[i].at);
        free(j->sides[i].sum);
        free(j->sides[i].parts);
    }
}

static void result_init(lk_std_result *r, const char *method)
{
    memset(r, 0, sizeof *r);
    r->value = r->lo = r->hi = r->crude = r->observed = r->variance = NAN;
    r->expected = r->smr = r->smr_lo = r->smr_hi = r->index = r->ref_crude = NAN;
    r->method = method;
    r->interval_method = "";
}

/* Append to buf (length *k), keeping it NUL-terminated and marking a cut with "…". */
static void put(char *buf, size_t size, size_t *k, const char *text)
{
    size_t len = strlen(text);
    if (*k + len + 4 >= size) {
        if (*k + 4 < size && !(*k >= 3 && strcmp(buf + *k - 3, "\xE2\x80\xA6") == 0)) {
            memcpy(buf + *k, "\xE2\x80\xA6", 4); /* … */
            *k += 3;
        }
        return;
    }
    memcpy(buf + *k, text, len + 1);
    *k += len;
}

/* The age bands of the strata (each once, without sex), "0-4, 5-9, ..., 90+". */
static void strata_list(const job *j, char *buf, size_t size)
{
    size_t k = 0;
    buf[0] = '\0';
    int first_sex = j->n ? j->s[0].sex : 0;
    for (size_t i = 0; i < j->n; i++) {
        if (j->s[i].sex != first_sex) continue;
        char nm[48];
        lk__std_band_name(nm, sizeof nm, j->s[i].lo, j->s[i].hi, 0);
        if (k) put(buf, size, &k, ", ");
        put(buf, size, &k, nm);
    }
}

static const char *sex_word(int sex)
{
    return sex == 1 ? " menn" : sex == 2 ? " kvinner" : "";
}

/* Parse a side's labels and counts. */
static int parse_side(job *j, side *sd, const char *what, const lk_std_band *b, size_t n)
{
    lk_std_result *r = j->out;
    sd->what = what;
    sd->b = b;
    sd->n = n;
    if (!(sd->parsed = malloc(n * sizeof *sd->parsed)) || !(sd->at = malloc(n * sizeof *sd->at))) return LK_ENOMEM;
    size_t with_sex = 0;
    for (size_t i = 0; i < n; i++) {
        int lo, hi, sex = lk__std_sex(b[i].sex);
        if (!b[i].age || lk_age_parse(b[i].age, &lo, &hi) != LK_OK)
            return rfail(r, LK_EDATA, "%s: band number %zu: age '%s' (expected an age band such as 0-4, 85-89 or 90+)",
                         what, i + 1, b[i].age ? b[i].age : "(null)");
        if (sex < 0)
            return rfail(r, LK_EDATA, "%s: band %s: sex '%s' (expected menn or kvinner, 1 or 2, or none for both)",
                         what, b[i].age, b[i].sex);
        if (!(b[i].count >= 0) || !isfinite(b[i].count))
            return rfail(r, LK_EDATA, "%s: band %s%s: count %g (expected a number >= 0; a missing value leaves the "
                         "area without a standardised figure)", what, b[i].age, sex_word(sex), b[i].count);
        sd->parsed[i] = (lk__stratum){ lo, hi, sex, b[i].count, (unsigned long)i + 1 };
        with_sex += sex != 0;
    }
    if (with_sex && with_sex < n)
        return rfail(r, LK_EDATA, "%s: some bands have a sex and some have not (expected the sex on every band or "
                     "on none)", what);
    sd->sex = with_sex > 0;
    return LK_OK;
}

/* Strata from a standard, shaped to the data: a both-sexes standard is halved per sex when the
 * data has sexes; a standard by sex is summed per age band when the data has none. */
static int strata_from_standard(job *j, const lk_std_standard *std, int data_sex)
{
    lk_std_result *r = j->out;
    size_t n = std->n, std_sex = n && std->s[0].sex != 0;
    if (!(j->s = malloc((2 * n + 1) * sizeof *j->s))) return LK_ENOMEM;
    j->n = 0;
    if (data_sex && !std_sex) {
        for (int sex = 1; sex <= 2; sex++)
            for (size_t i = 0; i < n; i++) {
                j->s[j->n] = std->s[i];
                j->s[j->n].sex = sex;
                j->s[j->n++].pop = std->s[i].pop / 2;
            }
    } else if (!data_sex && std_sex) {
        /* the standard is sorted by sex, then age: men's bands, then women's */
        size_t men = 0;
        while (men < n && std->s[men].sex == std->s[0].sex) men++;
        if (men == n)
            return rfail(r, LK_EDATA, "the standard %s is for %s only and the data has no sex (expected a standard for "
                         "both sexes)", std->name, std->s[0].sex == 1 ? "men" : "women");
        int same = n == 2 * men;
        for (size_t i = 0; same && i < men; i++)
            same = std->s[i].lo == std->s[men + i].lo && std->s[i].hi == std->s[men + i].hi;
        if (!same)
            return rfail(r, LK_EDATA, "the standard %s has other age bands for one sex than for the other, and the data "
                         "has no sex (expected the same bands for both sexes, to sum them)", std->name);
        for (size_t i = 0; i < men; i++) {
            j->s[j->n] = std->s[i];
            j->s[j->n].sex = 0;
            j->s[j->n++].pop = std->s[i].pop + std->s[men + i].pop;
        }
    } else {
        memcpy(j->s, std->s, n * sizeof *j->s);
        j->n = n;
    }
    j->by_sex = data_sex;
    return LK_OK;
}

typedef struct bref { size_t stratum, band; int lo; } bref;

static int by_stratum_lo(const void *a, const void *b)
{
    const bref *x = a, *y = b;
    if (x->stratum != y->stratum) return x->stratum < y->stratum ? -1 : 1;
    return (x->lo > y->lo) - (x->lo < y->lo);
}

static void band_text(const side *sd, size_t i, char *buf, size_t size)
{
    snprintf(buf, size, "'%s'%s", sd->b[i].age, sex_word(sd->parsed[i].sex));
}

/* Lay a side's bands into the strata and sum them: each inside one stratum, and the bands of
 * a stratum tile it exactly (no overlap: a total beside its parts; no hole). */
static int lay(job *j, side *sd)
{
    lk_std_result *r = j->out;
    char expected[600], bt[160], bt2[160], st[48];
    if (!(sd->sum = calloc(j->n ? j->n : 1, sizeof *sd->sum)) || !(sd->parts = calloc(j->n ? j->n : 1, sizeof *sd->parts)))
        return LK_ENOMEM;
    for (size_t i = 0; i < sd->n; i++) {
        const lk__stratum *b = &sd->parsed[i];
        size_t k = 0;
        while (k < j->n && !(j->s[k].sex == b->sex && j->s[k].lo <= b->lo && b->hi <= j->s[k].hi)) k++;
        if (k == j->n) {
            strata_list(j, expected, sizeof expected);
            band_text(sd, i, bt, sizeof bt);
            return rfail(r, LK_EDATA, "%s: band %s does not nest in the standard's bands (expected bands that nest in "
                         "the standard's: %s)", sd->what, bt, expected);
        }
        sd->at[i] = k;
    }
    bref *o = malloc((sd->n ? sd->n : 1) * sizeof *o);
    if (!o) return LK_ENOMEM;
    for (size_t i = 0; i < sd->n; i++) o[i] = (bref){ sd->at[i], i, sd->parsed[i].lo };
    qsort(o, sd->n, sizeof *o, by_stratum_lo);
    int rc = LK_OK;
    for (size_t a = 0; a < sd->n && rc == LK_OK;) {
        size_t k = o[a].stratum, e = a;
        while (e < sd->n && o[e].stratum == k) e++;
        int next = j->s[k].lo; /* the first age not yet covered */
        for (size_t m = a; m < e && rc == LK_OK; m++) {
            const lk__stratum *b = &sd->parsed[o[m].band];
            lk__std_band_name(st, sizeof st, j->s[k].lo, j->s[k].hi, j->s[k].sex);
            band_text(sd, o[m].band, bt, sizeof bt);
            if (b->lo < next) {
                band_text(sd, o[m - 1].band, bt2, sizeof bt2);
                rc = rfail(r, LK_EDATA, "%s: bands %s and %s overlap (expected each age once in the standard's band %s; "
                           "a total beside its parts?)", sd->what, bt2, bt, st);
            } else if (b->lo > next) {
                char hole[48];
                lk__std_band_name(hole, sizeof hole, next, b->lo - 1, 0);
                rc = rfail(r, LK_EDATA, "%s: no band for ages %s of the standard's band %s (expected bands that cover "
                           "it whole; the next band there is %s)", sd->what, hole, st, bt);
            } else {
                next = b->hi >= LK_AGE_MAX ? LK_AGE_MAX + 1 : b->hi + 1;
                sd->sum[k] += b->pop;
            }
        }
        if (rc == LK_OK && next <= j->s[k].hi) {
            lk__std_band_name(st, sizeof st, j->s[k].lo, j->s[k].hi, j->s[k].sex);
            char rest[48];
            lk__std_band_name(rest, sizeof rest, next, j->s[k].hi, 0);
            rc = rfail(r, LK_EDATA, "%s: no band for ages %s of the standard's band %s (expected bands that cover it "
                       "whole)", sd->what, rest, st);
        }
        sd->parts[k] = e - a;
        a = e;
    }
    free(o);
    return rc;
}

/* The strata used are those the first side covers; every other side must cover the same, and
 * no stratum between the youngest and the oldest used may be left out (per sex used). */
static int check_cover(job *j)
{
    lk_std_result *r = j->out;
    const side *ref = &j->sides[0];
    char st[48];
    for (size_t s = 1; s < j->n_sides; s++)
        for (size_t k = 0; k < j->n; k++)
            if (!ref->parts[k] != !j->sides[s].parts[k]) {
                const side *has = ref->parts[k] ? ref : &j->sides[s], *lacks = ref->parts[k] ? &j->sides[s] : ref;
                lk__std_band_name(st, sizeof st, j->s[k].lo, j->s[k].hi, j->s[k].sex);
                return rfail(r, LK_EDATA, "the %s has ages in the standard's band %s and the %s has none (expected "
                             "both over the same ages)", has->what, st, lacks->what);
            }
    int lo = LK_AGE_MAX + 1, hi = -1, sexes[3] = { 0, 0, 0 };
    for (size_t k = 0; k < j->n; k++)
        if (ref->parts[k]) {
            if (j->s[k].lo < lo) lo = j->s[k].lo;
            if (j->s[k].hi > hi) hi = j->s[k].hi;
            sexes[j->s[k].sex] = 1;
        }
    if (hi < 0) return rfail(r, LK_EDATA, "no bands (expected counts per age band)");
    for (size_t k = 0; k < j->n; k++)
        if (sexes[j->s[k].sex] && !ref->parts[k] && j->s[k].lo >= lo && j->s[k].hi <= hi) {
            char range[48];
            lk__std_band_name(st, sizeof st, j->s[k].lo, j->s[k].hi, j->s[k].sex);
            lk__std_band_name(range, sizeof range, lo, hi, 0);
            return rfail(r, LK_EDATA, "no data for the standard's band %s (expected bands covering %s without a gap)",
                         st, range);
        }
    return LK_OK;
}

/* The strata used, for the text ("15-19, 20-24"), and the count of those summed from parts. */
static void describe(job *j)
{
    lk_std_result *r = j->out;
    const side *ref = &j->sides[0];
    size_t k = 0;
    for (size_t i = 0; i < j->n; i++) {
        if (!ref->parts[i]) continue;
        char nm[48];
        lk__std_band_name(nm, sizeof nm, j->s[i].lo, j->s[i].hi, j->s[i].sex);
        if (k) put(r->bands, sizeof r->bands, &k, ", ");
        put(r->bands, sizeof r->bands, &k, nm);
        r->n_strata++;
        int summed = 0;
        for (size_t s = 0; s < j->n_sides; s++) summed |= j->sides[s].parts[i] > 1;
        r->n_summed += (size_t)summed;
    }
    r->by_sex = j->by_sex;
}

static int check_opts(const lk_std_opts *o, lk_std_opts *use)
{
    lk_std_opts d = LK_STD_OPTS_INIT;
    *use = o ? *o : d;
    if (use->level == 0) use->level = 0.95;
    if (!(use->level > 0 && use->level < 1)) return LK_EINVAL;
    if ((unsigned)use->interval > LK_STD_FAY_FEUER || (unsigned)use->limits > LK_STD_BYAR) return LK_EINVAL;
    return LK_OK;
}

/* Limits of a Poisson count x (methods.md §5.2): exact (Garwood) or Byar's approximation,
 * lower = x(1 − 1/(9x) − z/(3√x))³, upper = (x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³. */
static int count_limits(double x, double level, lk_std_limits how, double *lo, double *hi)
{
    if (how == LK_STD_EXACT) return lk_ci_poisson_exact(x, level, lo, hi);
    double z = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - level) / 2.0);
    double a = x > 0 ? 1.0 - 1.0 / (9.0 * x) - z / (3.0 * sqrt(x)) : 0.0;
    double b = 1.0 - 1.0 / (9.0 * (x + 1.0)) + z / (3.0 * sqrt(x + 1.0));
    *lo = x > 0 && a > 0 ? x * a * a * a : 0.0;
    *hi = (x + 1.0) * b * b * b;
    return LK_OK;
}

static int start(job *j, lk_std_result *out, const char *method, const lk_std_opts *opts, lk_std_opts *use)
{
    memset(j, 0, sizeof *j);
    j->out = out;
    result_init(out, method);
    return check_opts(opts, use);
}

int lk_std_direct(const lk_std_standard *std, const lk_std_band *num, size_t n_num, const lk_std_band *den,
                  size_t n_den, const lk_std_opts *opts, lk_std_result *out)
{
    if (!out) return LK_EINVAL;
    job j;
    lk_std_opts o;
    int rc = start(&j, out, "direct", opts, &o);
    if (rc != LK_OK || !std || !num || !den || !n_num || !n_den) {
        job_free(&j);
        return rfail(out, LK_EINVAL, "direct standardisation: no standard, no bands or a level outside (0, 1) "
                     "(expected counts per age band and a standard population)");
    }
    side *d = &j.sides[0], *x = &j.sides[1];
    j.n_sides = 2;
    if ((rc = parse_side(&j, d, "denominator", den, n_den)) != LK_OK || (rc = parse_side(&j, x, "numerator", num, n_num)) != LK_OK)
        goto done;
    if (d->sex != x->sex) {
        rc = rfail(out, LK_EDATA, "the %s has bands by sex and the %s has not (expected both by sex or neither)",
                   d->sex ? "denominator" : "numerator", d->sex ? "numerator" : "denominator");
        goto done;
    }
    if ((rc = strata_from_standard(&j, std, d->sex)) != LK_OK || (rc = lay(&j, d)) != LK_OK || (rc = lay(&j, x)) != LK_OK ||
        (rc = check_cover(&j)) != LK_OK)
        goto done;
    describe(&j);
    /* methods.md §5.3: DSR = Σ wᵢ xᵢ/nᵢ / Σ wᵢ, var = Σ wᵢ² xᵢ/nᵢ² / (Σ wᵢ)², here with the
     * weights normalised first (wᵢ = Pᵢ / Σ P over the strata used). */
    double total_p = 0, xs = 0, ns = 0, dsr = 0, var = 0, wmax = 0;
    size_t nk = 0;
    char empty[400];
    empty[0] = '\0';
    for (size_t k = 0; k < j.n; k++)
        if (d->parts[k]) total_p += j.s[k].pop;
    if (!(total_p > 0)) {
        rc = rfail(out, LK_EDATA, "the standard %s has no population in the bands used, %s (expected a positive "
                   "population there)", std->name, out->bands);
        goto done;
    }
    for (size_t k = 0; k < j.n; k++) {
        if (!d->parts[k]) continue;
        double w = j.s[k].pop / total_p, xi = x->sum[k], ni = d->sum[k];
        xs += xi;
        ns += ni;
        if (ni == 0) {
            char st[48];
            lk__std_band_name(st, sizeof st, j.s[k].lo, j.s[k].hi, j.s[k].sex);
            if (xi != 0) {
                rc = rfail(out, LK_EDATA, "the band %s has a numerator of %g and no population (expected a "
                           "denominator that holds the numerator)", st, xi);
                goto done;
            }
            out->n_empty++;
            put(empty, sizeof empty, &nk, nk ? ", " : "");
            put(empty, sizeof empty, &nk, st);
            continue; /* 0/0 taken as a rate of 0, weight kept (see the header) */
        }
        dsr += w * xi / ni;
        var += w * w * xi / (ni * ni);
        if (w / ni > wmax) wmax = w / ni;
    }
    if (!(ns > 0)) {
        rc = rfail(out, LK_EDATA, "no population in any band used, %s (expected a denominator above 0)", out->bands);
        goto done;
    }
    out->value = dsr;
    out->variance = var;
    out->observed = xs;
    out->crude = xs / ns;
    if (out->n_empty)
        snprintf(out->note, sizeof out->note, "no population in %s: the rate there is taken as 0, with its weight",
                 empty);
    double a = (1.0 - o.level) / 2.0;
    if (o.interval == LK_STD_FAY_FEUER) {
        /* Fay & Feuer (1997), as epitools::ageadjust.direct (methods.md §1.3): gamma limits with
         * shape DSR²/var and scale var/DSR below, and with the largest wᵢ/nᵢ added above (over
         * the strata with a population: an empty one has no rate to add uncertainty to, where
         * epitools would give an infinite limit). */
        out->interval_method = "Fay-Feuer (gamma)";
        out->lo = dsr > 0 && var > 0 ? gsl_cdf_gamma_Pinv(a, dsr * dsr / var, var / dsr) : 0.0;
        double du = dsr + wmax, vu = var + wmax * wmax;
        out->hi = du > 0 ? gsl_cdf_gamma_Pinv(1.0 - a, du * du / vu, vu / du) : 0.0;
        out->has_ci = 1;
    } else {
        out->interval_method = o.limits == LK_STD_BYAR ? "Dobson (Byar)" : "Dobson (exact Poisson)";
        if (xs > 0) {
            /* Dobson et al. (1991), methods.md §5.3: DSR + √(var/O)·(O_L − O), and with O_U */
            double ol, ou;
            if ((rc = count_limits(xs, o.level, o.limits, &ol, &ou)) != LK_OK) goto done;
            out->lo = dsr + sqrt(var / xs) * (ol - xs);
            out->hi = dsr + sqrt(var / xs) * (ou - xs);
            out->has_ci = 1;
        } else {
            size_t k = strlen(out->note);
            snprintf(out->note + k, sizeof out->note - k, "%sno case in any band: Dobson's interval needs at least one "
                     "(Fay-Feuer gives one)", k ? "; " : "");
        }
    }
done:
    job_free(&j);
    return rc;
}

int lk_std_indirect(const lk_std_band *ref_num, size_t n_ref_num, const lk_std_band *ref_den, size_t n_ref_den,
                    const lk_std_band *num, size_t n_num, const lk_std_band *den, size_t n_den,
                    const lk_std_opts *opts, lk_std_result *out)
{
    if (!out) return LK_EINVAL;
    job j;
    lk_std_opts o;
    int rc = start(&j, out, "indirect", opts, &o);
    if (rc != LK_OK || !ref_num || !ref_den || !num || !den || !n_ref_num || !n_ref_den || !n_num || !n_den) {
        job_free(&j);
        return rfail(out, LK_EINVAL, "indirect standardisation: no bands or a level outside (0, 1) (expected counts "
                     "per age band of the area and of the reference)");
    }
    side *d = &j.sides[0], *x = &j.sides[1], *rn = &j.sides[2], *rd = &j.sides[3];
    j.n_sides = 4;
    if ((rc = parse_side(&j, d, "denominator", den, n_den)) != LK_OK ||
        (rc = parse_side(&j, x, "numerator", num, n_num)) != LK_OK ||
        (rc = parse_side(&j, rn, "reference numerator", ref_num, n_ref_num)) != LK_OK ||
        (rc = parse_side(&j, rd, "reference denominator", ref_den, n_ref_den)) != LK_OK)
        goto done;
    for (size_t s = 1; s < 4; s++)
        if (j.sides[s].sex != d->sex) {
            rc = rfail(out, LK_EDATA, "the %s has bands by sex and the %s has not (expected all by sex or none)",
                       d->sex ? d->what : j.sides[s].what, d->sex ? j.sides[s].what : d->what);
            goto done;
        }
    /* the strata are the reference's denominator bands */
    if (!(j.s = malloc(n_ref_den * sizeof *j.s))) {
        rc = LK_ENOMEM;
        goto done;
    }
    memcpy(j.s, rd->parsed, n_ref_den * sizeof *j.s);
    j.n = n_ref_den;
    j.by_sex = d->sex;
    lk__stratum ba, bb;
    if (lk__std_sort_check(j.s, j.n, &ba, &bb)) {
        rc = rfail(out, LK_EDATA, "reference denominator: bands '%s'%s and '%s'%s overlap (expected bands that do not "
                   "overlap; a total beside its parts?)", ref_den[ba.line - 1].age, sex_word(ba.sex),
                   ref_den[bb.line - 1].age, sex_word(bb.sex));
        goto done;
    }
    /* the area's denominator first: the strata it covers are those used */
    if ((rc = lay(&j, d)) != LK_OK || (rc = lay(&j, x)) != LK_OK || (rc = lay(&j, rn)) != LK_OK ||
        (rc = lay(&j, rd)) != LK_OK)
        goto done;
    /* the reference may cover more ages than the area: only the area's strata are compared */
    for (size_t k = 0; k < j.n; k++)
        if (!d->parts[k]) rn->parts[k] = rd->parts[k] = 0;
    if ((rc = check_cover(&j)) != LK_OK) goto done;
    describe(&j);
    /* methods.md §1.3 / §5.3: E = Σ nᵢ Rᵢ with Rᵢ the reference's stratum rate, SMR = O / E */
    double e = 0, obs = 0, ns = 0, rx = 0, rns = 0;
    for (size_t k = 0; k < j.n; k++) {
        if (!d->parts[k]) continue;
        if (!(rd->sum[k] > 0)) {
            char st[48];
            lk__std_band_name(st, sizeof st, j.s[k].lo, j.s[k].hi, j.s[k].sex);
            rc = rfail(out, LK_EDATA, "the reference has no population in the band %s (expected a reference rate for "
                       "every band the area has)", st);
            goto done;
        }
        e += d->sum[k] * rn->sum[k] / rd->sum[k];
        obs += x->sum[k];
        ns += d->sum[k];
        rx += rn->sum[k];
        rns += rd->sum[k];
    }
    out->observed = obs;
    out->expected = e;
    out->ref_crude = rx / rns;
    out->crude = ns > 0 ? obs / ns : NAN;
    if (!(e > 0)) {
        rc = rfail(out, LK_EDATA, "the expected count is 0 (no population in the area, or no case in the reference, "
                   "in %s) (expected cases to compare with: no SMR)", out->bands);
        goto done;
    }
    double ol, ou;
    if ((rc = count_limits(obs, o.level, o.limits, &ol, &ou)) != LK_OK) goto done;
    out->interval_method = o.limits == LK_STD_BYAR ? "Byar" : "exact Poisson";
    out->smr = obs / e;
    out->smr_lo = ol / e;
    out->smr_hi = ou / e;
    out->index = 100.0 * out->smr;
    out->value = out->smr * out->ref_crude;   /* FHI's MEIS: SMR × the reference's crude rate */
    out->lo = out->smr_lo * out->ref_crude;
    out->hi = out->smr_hi * out->ref_crude;
    out->has_ci = 1;
done:
    job_free(&j);
    return rc;
}
