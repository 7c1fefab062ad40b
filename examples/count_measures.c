/* count_measures: how many observations each measure has in SSB/FHI CSV exports, and how many
 * of them are missing. An example of using the installed levekar library:
 *
 *   cc count_measures.c $(pkg-config --cflags --libs levekar)
 *   ./a.out 07459.csv
 */
#include <stdio.h>
#include <string.h>
#include <levekar.h>

#define MAX_MEASURES 256

typedef struct counts {
    const char *measure[MAX_MEASURES]; /* interned by the reader: valid until it is freed */
    size_t n[MAX_MEASURES], missing[MAX_MEASURES];
    size_t used;
} counts;

/* Called once per observation. Measure strings are interned, so equal text means equal pointer
 * within one reader; strcmp keeps the example obviously right. */
static int count(const lk_obs *obs, void *payload)
{
    counts *c = payload;
    size_t i = 0;
    while (i < c->used && strcmp(c->measure[i], obs->measure) != 0) i++;
    if (i == c->used) {
        if (c->used == MAX_MEASURES) return 1; /* stop: too many measures for this example */
        c->measure[c->used++] = obs->measure;
    }
    c->n[i]++;
    if (!obs->has_value) c->missing[i]++; /* a missing value carries its symbol in obs->status */
    return 0;
}

int main(int argc, char **argv)
{
    int status = 0;
    for (int f = 1; f < argc; f++) {
        counts c;
        memset(&c, 0, sizeof c);
        lk_reader *r = NULL;
        int rc = lk_reader_open_ex(&r, argv[f], NULL);
        if (rc == LK_OK) rc = lk_reader_run(r, count, &c);
        if (rc != LK_OK) {
            fprintf(stderr, "%s\n", lk_reader_errmsg(r)); /* FILE:LINE: what is wrong (expected ...) */
            status = 1;
        } else {
            for (size_t i = 0; i < c.used; i++)
                printf("%s: %s: %zu observations (%zu missing)\n", argv[f], c.measure[i], c.n[i], c.missing[i]);
        }
        lk_reader_free(r);
    }
    return status;
}
