/* Standard populations for direct standardisation (issue 15): the built-in European Standard
 * Population 2013, a population the caller has (landet's, from the data), or a side file
 * `age,population` (`--standard FILE`). Each is a list of strata that do not overlap. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "levekar/indicators.h"
#include "levekar/numbers.h"
#include "../common/arena.h"
#include "../common/ascii.h"
#include "../common/side_csv.h"
#include "standardise_internal.h"

/* European Standard Population 2013, 5-year bands 0-4 ... 85-89 and 90+, both sexes. Source:
 * Eurostat, "Revision of the European Standard Population. Report of Eurostat's task force",
 * 2013 edition, which gives 0 and 1-4 apart (1000, 4000) and 90-94, 95+ (800, 200); here they
 * are joined as 0-4 and 90+, as PHEindicatormethods' `esp2013` does (its documentation lists
 * these 19 values). The project's notes name ESP 2013 as a standard (methods.md §5.3) without
 * its values; nothing in them contradicts these. They sum to 100 000 (tested). */
static const double esp2013[19] = { 5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
                                    7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000 };

static int sfail(lk_std_standard *s, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int sfail(lk_std_standard *s, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
    va_end(ap);
    return status;
}

static int ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (lk_to_lower((unsigned char)*a) != lk_to_lower((unsigned char)*b)) return 0;
    return *a == *b;
}

int lk__std_sex(const char *label)
{
    static const char *const men[] = { "menn", "mann", "m", "male", "males", "men", "1", "gutter", NULL };
    static const char *const women[] = { "kvinner", "kvinne", "k", "f", "female", "females", "women", "2", "jenter", NULL };
    static const char *const both[] = { "begge kj\xC3\xB8nn", "begge kjonn", "i alt", "total", "alle", "0", NULL };
    if (!label) return 0;
    size_t len = strlen(label);
    lk_trim(&label, &len);
    char buf[32];
    if (len == 0) return 0;
    if (len >= sizeof buf) return -1;
    memcpy(buf, label, len);
    buf[len] = '\0';
    for (size_t i = 0; men[i]; i++)
        if (ascii_ieq(buf, men[i])) return 1;
    for (size_t i = 0; women[i]; i++)
        if (ascii_ieq(buf, women[i])) return 2;
    for (size_t i = 0; both[i]; i++)
        if (ascii_ieq(buf, both[i]) || (i == 0 && ascii_ieq(buf, "Begge kj\xC3\x98nn"))) return 0;
    return -1;
}

size_t lk__std_band_name(char *buf, size_t size, int lo, int hi, int sex)
{
    const char *sx = sex == 1 ? " menn" : sex == 2 ? " kvinner" : "";
    int k;
    if (hi >= LK_AGE_MAX) k = snprintf(buf, size, "%d+%s", lo, sx);
    else if (lo == hi) k = snprintf(buf, size, "%d%s", lo, sx);
    else k = snprintf(buf, size, "%d-%d%s", lo, hi, sx);
    return k < 0 ? 0 : (size_t)k < size ? (size_t)k : size ? size - 1 : 0;
}

static int by_sex_age(const void *a, const void *b)
{
    const lk__stratum *x = a, *y = b;
    if (x->sex != y->sex) return x->sex < y->sex ? -1 : 1;
    if (x->lo != y->lo) return x->lo < y->lo ? -1 : 1;
    if (x->hi != y->hi) return x->hi < y->hi ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

int lk__std_sort_check(lk__stratum *s, size_t n, lk__stratum *a, lk__stratum *b)
{
    qsort(s, n, sizeof *s, by_sex_age);
    for (size_t i = 1; i < n; i++)
        if (s[i].sex == s[i - 1].sex && s[i].lo <= s[i - 1].hi) {
            int first = s[i - 1].line <= s[i].line;
            *a = first ? s[i - 1] : s[i];
            *b = first ? s[i] : s[i - 1];
            return 1;
        }
    return 0;
}

static lk_std_standard *standard_new(const char *name, size_t n)
{
    lk_std_standard *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->name = malloc(strlen(name) + 1);
    s->s = malloc((n ? n : 1) * sizeof *s->s);
    if (!s->name || !s->s) {
        lk_std_standard_free(s);
        return NULL;
    }
    strcpy(s->name, name);
    return s;
}

void lk_std_standard_free(lk_std_standard *s)
{
    if (!s) return;
    free(s->name);
    free(s->s);
    free(s);
}

const char *lk_std_standard_errmsg(const lk_std_standard *s)
{
    return s ? s->errmsg : "out of memory (no standard population)";
}

const char *lk_std_standard_name(const lk_std_standard *s)
{
    return s && s->name ? s->name : "";
}

size_t lk_std_standard_count(const lk_std_standard *s)
{
    return s ? s->n : 0;
}

int lk_std_standard_get(const lk_std_standard *s, size_t i, int *age_lo, int *age_hi, int *sex, double *population)
{
    if (!s || i >= s->n) return LK_ENOTFOUND;
    if (age_lo) *age_lo = s->s[i].lo;
    if (age_hi) *age_hi = s->s[i].hi;
    if (sex) *sex = s->s[i].sex;
    if (population) *population = s->s[i].pop;
    return LK_OK;
}

int lk_std_standard_esp2013(lk_std_standard **out)
{
    if (!out) return LK_EINVAL;
    lk_std_standard *s = *out = standard_new("ESP 2013", 19);
    if (!s) return LK_ENOMEM;
    for (int i = 0; i < 19; i++)
        s->s[i] = (lk__stratum){ 5 * i, i == 18 ? LK_AGE_MAX : 5 * i + 4, 0, esp2013[i], (unsigned long)i + 1 };
    s->n = 19;
    return LK_OK;
}

/* The checks every standard gets once its strata are in: one kind of band (all with a sex or
 * none), no overlap, a positive total. @p where names a stratum's origin in messages. */
static int settle(lk_std_standard *s, const char *path)
{
    size_t with_sex = 0;
    double total = 0;
    for (size_t i = 0; i < s->n; i++) {
        with_sex += s->s[i].sex != 0;
        total += s->s[i].pop;
    }
    if (with_sex && with_sex < s->n) {
        for (size_t i = 0; i < s->n; i++)
            if (!s->s[i].sex) {
                char nm[48];
                lk__std_band_name(nm, sizeof nm, s->s[i].lo, s->s[i].hi, 0);
                return path ? sfail(s, LK_EDATA, "%s:%lu: band %s has no sex, but others have (expected a sex on every "
                                    "line or on none)", path, s->s[i].line, nm)
                            : sfail(s, LK_EDATA, "band %s (number %lu) has no sex, but others have (expected a sex for "
                                    "every band or for none)", nm, s->s[i].line);
            }
    }
    lk__stratum a, b;
    if (lk__std_sort_check(s->s, s->n, &a, &b)) {
        char na[48], nb[48];
        lk__std_band_name(na, sizeof na, a.lo, a.hi, a.sex);
        lk__std_band_name(nb, sizeof nb, b.lo, b.hi, b.sex);
        return path ? sfail(s, LK_EDATA, "%s:%lu: band %s overlaps %s on line %lu (expected bands that do not overlap; "
                            "a total beside its parts?)", path, b.line, nb, na, a.line)
                    : sfail(s, LK_EDATA, "band %s (number %lu) overlaps %s (number %lu) (expected bands that do not "
                            "overlap; a total beside its parts?)", nb, b.line, na, a.line);
    }
    if (!(total > 0) || !isfinite(total))
        return path ? sfail(s, LK_EDATA, "%s: the population sums to %g (expected a positive total)", path, total)
                    : sfail(s, LK_EDATA, "the standard population sums to %g (expected a positive total)", total);
    return LK_OK;
}

int lk_std_standard_from_bands(lk_std_standard **out, const char *name, const lk_std_band *pop, size_t n)
{
    if (!out) return LK_EINVAL;
    *out = NULL;
    if (!name || (!pop && n)) return LK_EINVAL;
    lk_std_standard *s = *out = standard_new(name, n);
    if (!s) return LK_ENOMEM;
    if (!n) return sfail(s, LK_EDATA, "no bands (expected the population of each age band)");
    for (size_t i = 0; i < n; i++) {
        int lo, hi, sex = lk__std_sex(pop[i].sex);
        if (!pop[i].age || lk_age_parse(pop[i].age, &lo, &hi) != LK_OK)
            return sfail(s, LK_EDATA, "band number %zu: age '%s' (expected an age band such as 0-4, 85-89 or 90+)",
                         i + 1, pop[i].age ? pop[i].age : "(null)");
        if (sex < 0)
            return sfail(s, LK_EDATA, "band %s: sex '%s' (expected menn or kvinner, 1 or 2, or none for both)",
                         pop[i].age, pop[i].sex);
        if (!(pop[i].count >= 0) || !isfinite(pop[i].count))
            return sfail(s, LK_EDATA, "band %s: population %g (expected a number >= 0)", pop[i].age, pop[i].count);
        s->s[i] = (lk__stratum){ lo, hi, sex, pop[i].count, (unsigned long)i + 1 };
    }
    s->n = n;
    return settle(s, NULL);
}

static int add_line(lk_std_standard *s, size_t *cap, lk__stratum st)
{
    if (s->n == *cap) {
        size_t c = *cap ? 2 * *cap : 32;
        lk__stratum *v = realloc(s->s, c * sizeof *v);
        if (!v) return LK_ENOMEM;
        s->s = v;
        *cap = c;
    }
    s->s[s->n++] = st;
    return LK_OK;
}

int lk_std_standard_load(lk_std_standard **out, const char *path)
{
    if (!out) return LK_EINVAL;
    *out = NULL;
    if (!path) return LK_EINVAL;
    lk_std_standard *s = *out = standard_new(path, 1);
    if (!s) return LK_ENOMEM;
    size_t cap = 1;
    lk_side_csv csv;
    int rc = lk_side_csv_open(&csv, path, "age,population"), more = 0;
    if (rc != LK_OK) {
        sfail(s, rc, "%s", csv.errmsg);
        lk_side_csv_close(&csv);
        return rc;
    }
    lk_arena arena;
    lk_arena_init(&arena);
    int ca = -1, cp = -1, cs = -1;
    while (rc == LK_OK && (rc = lk_side_csv_next(&csv, &more)) == LK_OK && more) {
        if (ca < 0) {
            ca = lk_side_csv_column(&csv, "age");
            cp = lk_side_csv_column(&csv, "population");
            cs = lk_side_csv_column(&csv, "sex");
            if (ca < 0 || cp < 0)
                rc = sfail(s, LK_EDATA, "%s:%lu: header without age and population (expected the header "
                           "age,population)", path, csv.line);
            continue;
        }
        char *age = lk_side_csv_cell(&csv, (size_t)ca, &arena);
        char *pop = lk_side_csv_cell(&csv, (size_t)cp, &arena);
        char *sex = cs >= 0 ? lk_side_csv_cell(&csv, (size_t)cs, &arena) : "";
        if (!age || !pop || !sex) {
            rc = LK_ENOMEM;
            break;
        }
        int lo, hi, sx = lk__std_sex(sex);
        double v;
        if (lk_age_parse(age, &lo, &hi) != LK_OK) {
            rc = sfail(s, LK_EDATA, "%s:%lu: age '%s' (expected an age band such as 0-4, 85-89 or 90+)", path,
                       csv.line, age);
            break;
        }
        if (sx < 0) {
            rc = sfail(s, LK_EDATA, "%s:%lu: sex '%s' (expected menn or kvinner, 1 or 2, or empty for both)", path,
                       csv.line, sex);
            break;
        }
        if (lk_value_parse(&v, pop, strlen(pop), csv.delim == ';' ? ',' : '.') != LK_OK || !(v >= 0)) {
            rc = sfail(s, LK_EDATA, "%s:%lu: population '%s' (expected a number >= 0)", path, csv.line, pop);
            break;
        }
        rc = add_line(s, &cap, (lk__stratum){ lo, hi, sx, v, csv.line });
    }
    if (rc != LK_OK && csv.errmsg[0]) sfail(s, rc, "%s", csv.errmsg);
    if (rc == LK_OK && ca < 0) rc = sfail(s, LK_EDATA, "%s:1: empty file (expected the header age,population)", path);
    if (rc == LK_OK && s->n == 0)
        rc = sfail(s, LK_EDATA, "%s:%lu: no bands (expected lines age,population after the header)", path, csv.line);
    if (rc == LK_OK) rc = settle(s, path);
    if (rc == LK_ENOMEM && !s->errmsg[0]) sfail(s, LK_ENOMEM, "%s: out of memory", path);
    lk_side_csv_close(&csv);
    lk_arena_free(&arena);
    return rc;
}
