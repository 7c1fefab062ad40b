/* Glued header cells: ages, measures closed by a unit, and the grid of a cube's columns (glued.c). */
#ifndef LK_GLUED_H
#define LK_GLUED_H

#include <stddef.h>
#include "../common/arena.h"

/* The length of an age category at the end of t[0..n) ("15-74 år", "0 år", "100 år eller eldre",
 * "67 år og over", "Alle aldre"), 0 when there is none. */
size_t lk_age_suffix(const char *t, size_t n);
/* The whole text is an age category. */
int lk_is_age(const char *t);
/* A variable name meaning ages: "alder", "age". */
int lk_is_age_var(const char *name);
/* Number of leading words a and b share, in bytes. */
size_t lk_common_prefix_words(const char *a, const char *b);

/* Split one glued text into the measure and the values of the title's variables left[0..nl)
 * (parts[0] the measure, parts[1 + v] the value of left[v]). 1: split; 0: cannot be told;
 * -1: out of memory. */
int lk_split_measure_and_vars(lk_arena *ar, const char *t, const char *const *left, size_t nl, const char **parts);

/* The same for the n value columns' texts at once, by the grid they form: parts holds 1 + nl
 * entries per column. 1: split; 0: no single grid fits; -1: out of memory. */
int lk_split_glued_grid(lk_arena *ar, const char *const *texts, size_t n, const char *const *left, size_t nl,
                        const char **parts);

#endif
