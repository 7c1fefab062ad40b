/* The small grammars: value cells, periods, region labels, FHI GEO numbers, age labels. Each
 * parser must not crash, and its results must respect their invariants; numbers must equal
 * strtod's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "levekar.h"

/* A number the parser took is the double strtod gives in the C locale (this process never
 * calls setlocale), out of range exactly where strtod overflows. */
static int same_as_strtod(const char *s, size_t size, char mark, int rc, double v)
{
    char *t = malloc(size + 1);
    if (!t) return 1;
    size_t k = 0;
    for (size_t i = 0; i < size; i++) t[k++] = s[i] == mark ? '.' : s[i] == '\0' ? 'x' : s[i];
    t[k] = '\0';
    char *p = t;
    for (;;) { /* the spaces and no-break spaces the parser trims */
        if (*p == ' ' || (*p >= '\t' && *p <= '\r')) p++;
        else if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) p += 2;
        else break;
    }
    double want = strtod(p, NULL);
    free(t);
    return rc == LK_ELIMIT ? isinf(want) : (v == want || (v == 0 && want == 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    double v;
    for (int mark = 0; mark < 2; mark++) {
        int rc = lk_value_parse(&v, s, size, mark ? ',' : '.');
        if (rc == LK_OK && !isfinite(v)) abort();
        if (rc != LK_OK && rc != LK_ENOTFOUND && rc != LK_ELIMIT) abort();
        if (rc != LK_ENOTFOUND && !same_as_strtod(s, size, mark ? ',' : '.', rc, v)) abort();
    }
    lk_period p;
    if (lk_period_parse(&p, s, size) == LK_OK) {
        char buf[LK_PERIOD_TEXT_MAX];
        size_t n = lk_period_format(buf, sizeof buf, &p);
        lk_period q;
        if (n == 0 || lk_period_parse(&q, buf, n) != LK_OK || memcmp(&p, &q, sizeof p) != 0) abort(); /* round trip */
        if (p.first_year > p.last_year || p.first_year < 1700 || p.last_year > 2199) abort(); /* SSB series from 1735 */
    }
    lk_region_label lab;
    int rc = lk_region_label_parse(&lab, s, size);
    if (lab.name_offset + lab.name_length > size) abort();
    if (rc == LK_OK && (strlen(lab.code) == 0 || strlen(lab.code) >= LK_REGION_CODE_MAX)) abort();
    if (lk_region_from_fhi_geo(&lab, s, size) == LK_OK && lab.level == LK_LEVEL_NONE) abort();
    char *z = malloc(size + 1);
    if (!z) return 0;
    memcpy(z, data, size);
    z[size] = '\0';
    int lo, hi;
    if (lk_age_parse(z, &lo, &hi) == LK_OK && (lo < 0 || hi < lo || hi > LK_AGE_MAX)) abort();
    free(z);
    (void)lk_fhi_flag_symbol(s, size);
    return 0;
}
