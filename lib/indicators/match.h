/* How a definition names what it wants in a file: measure patterns and category selectors
 * (internal to lib/indicators; the syntax is documented in include/levekar/indicators.h). */
#ifndef LK_INDICATORS_MATCH_H
#define LK_INDICATORS_MATCH_H

#include <stddef.h>

/* Does a measure (its label, and its code where the file has one: NULL or "" otherwise) match
 * a pattern "a | b | c"? Each alternative is one of
 *   =Label        the whole label, ignoring case and a trailing unit in parentheses
 *                 ("=Sosialhjelpsmottakere" matches "Sosialhjelpsmottakere (antall)")
 *   code:Code     the measure's code (PxWeb ContentsCode), exactly
 *   ~words        the words anywhere in the label, at word boundaries
 *   words         the label begins with the words and a word boundary follows
 * An empty pattern matches everything. */
int lk__measure_match(const char *label, const char *code, const char *pattern);

/* Does a category value match one alternative list "A.09 | Registrerte arbeidsledige"? An
 * alternative matches the whole value (ignoring case), or the value's first words up to a space:
 * "281" matches "281 Ytelse til livsopphold" (a code before its text), and "Netto
 * driftsutgifter" matches "Netto driftsutgifter på funksjon". */
int lk__value_match(const char *value, const char *alternatives);

/* Does a dimension name match "KOKfunksjon0000 | funksjon" (whole names, ignoring case)? */
int lk__name_match(const char *name, const char *alternatives);

/* Is a dimension the ages ("alder", "Alder", FHI's "ALDER", "age"): the one rule for the
 * computation and the published rates. */
int lk__is_age_dimension(const char *name);

#endif

/* ---- category selectors of one side: "HovArbStyrkStatus | prioritert arbeidsstyrkestatus =
 * A.09 | Registrerte arbeidsledige ; funksjon = 281" (each clause: a dimension and the values
 * allowed in it; an observation must have every dimension named, with one of its values). */
#include "levekar/read.h"

#define LK_SELECT_MAX 8

typedef struct lk__selectors {
    struct { const char *names, *values; } s[LK_SELECT_MAX];
    size_t n;
    char *text;  /* the clauses, cut in place (owned) */
} lk__selectors;

/* Parse @p where (NULL or "" for none). @return 0, or -1 with a reason in err (expected form). */
int lk__selectors_parse(lk__selectors *out, const char *where, char *err, size_t errsize);
void lk__selectors_free(lk__selectors *s);
/* @return the index + 1 of the first clause the observation fails (0: it passes all). */
size_t lk__selectors_fail(const lk__selectors *s, const lk_obs *o);
