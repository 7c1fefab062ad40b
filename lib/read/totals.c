/* The categories that are the total of their dimension, one list for every module that chooses
 * between a total and its parts (the computation, published rates, harmonisation). FHI writes
 * "Kjønn samlet" in one table and "kjønn samlet" in the next (tables.md): the comparison ignores
 * ASCII case, or a lower-case total would be summed with its parts. "0" is the total code of
 * SSB's and FHI's sex variables in code exports (csv3, Kjonn 0 = Begge kjønn). */
#include <string.h>
#include "levekar/labels.h"
#include "../common/ascii.h"

int lk_label_is_total(const char *v)
{
    static const char *const totals[] = { "Alle aldre", "Begge kj\xC3\xB8nn", "I alt", "Total", "Alle", "Kj\xC3\xB8nn samlet",
                                          "Both sexes", "All ages", "Alle kategorier", "Hele landet", "0", NULL };
    if (!v) return 0;
    size_t n = strlen(v);
    for (size_t i = 0; totals[i]; i++) {
        const char *t = totals[i];
        if (strlen(t) != n) continue;
        size_t k = 0;
        while (k < n && lk_to_lower((unsigned char)v[k]) == lk_to_lower((unsigned char)t[k])) k++;
        if (k == n) return 1;
    }
    return 0;
}
