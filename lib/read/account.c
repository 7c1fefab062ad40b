/* What a file held besides its data rows, in one sentence (levekar/read.h): every line is used
 * or reported with its reason, so a reading that skipped or guessed something says so. */
#include <stdio.h>
#include "levekar/read.h"

/* Adds "N thing(s)" to buf at *k when n > 0. */
static void part(char *buf, size_t size, size_t *k, unsigned long n, const char *one, const char *many)
{
    if (!n || *k >= size) return;
    int w = snprintf(buf + *k, size - *k, "%s%lu %s", *k ? ", " : "", n, n == 1 ? one : many);
    *k = w < 0 ? *k : *k + (size_t)w >= size ? size - 1 : *k + (size_t)w;
}

int lk_read_info_account(const lk_read_info *in, int strict, char *buf, size_t size)
{
    if (!buf || !size) return LK_EINVAL;
    buf[0] = '\0';
    if (!in) return LK_OK;
    size_t k = 0;
    part(buf, size, &k, in->line_counts[LK_LINE_TRAILER], "footnote line kept as metadata",
         "footnote lines kept as metadata");
    part(buf, size, &k, in->blank_in_data, "blank line", "blank lines"); /* the preamble's are expected */
    part(buf, size, &k, in->filled_down, "label continued from the row above", "labels continued from the row above");
    part(buf, size, &k, in->flagged_by_spvflagg, "number hidden by SPVFLAGG", "numbers hidden by SPVFLAGG");
    /* Footnotes and SPVFLAGG are how the producers write their files; blank rows inside the data
     * and labels taken from the row above are guesses a strict reading refuses. */
    return strict && (in->blank_in_data || in->filled_down) ? LK_EDATA : LK_OK;
}
