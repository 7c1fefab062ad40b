/* What the two files of standardisation share: a stratum, the standard that holds them, and
 * the small grammars of sex labels and of band names in messages. */
#ifndef LK_STANDARDISE_INTERNAL_H
#define LK_STANDARDISE_INTERNAL_H

#include <stddef.h>
#include "levekar/standardise.h"

typedef struct lk__stratum {
    int lo, hi;      /* ages; hi = LK_AGE_MAX for an open band */
    int sex;         /* 0 both, 1 men, 2 women */
    double pop;      /* the standard's population (or the count being summed) */
    unsigned long line; /* where it was given (a file's line, a band's index + 1) */
} lk__stratum;

struct lk_std_standard {
    char *name;
    lk__stratum *s;  /* in order of sex, then age; no two overlap */
    size_t n;
    char errmsg[1024];
};

/* 0 both sexes (NULL, "", a total), 1 men, 2 women, -1 not a sex label. */
int lk__std_sex(const char *label);
/* "15-19", "90+", "20", with " menn"/" kvinner" when sex is set, into buf; returns its length. */
size_t lk__std_band_name(char *buf, size_t size, int lo, int hi, int sex);
/* Sort strata by sex then age, then find an overlap: 0, or 1 with *a, *b the two that overlap
 * (copies, *a given first). A band of both sexes overlaps every sex. */
int lk__std_sort_check(lk__stratum *s, size_t n, lk__stratum *a, lk__stratum *b);

#endif
