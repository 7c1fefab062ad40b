/* gnuplot quoting: any title renders literally. The quoted form must be one single-quoted
 * string: starts and ends with ', every inner ' is doubled, no control character remains. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "levekar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f) {
        free(s);
        return 0;
    }
    lk_gnuplot_quote(f, s);
    fclose(f);
    if (len < 2 || out[0] != '\'' || out[len - 1] != '\'') abort();
    for (size_t i = 1; i + 1 < len; i++) {
        unsigned char c = (unsigned char)out[i];
        if (c < 0x20 || c == 0x7F) abort();
        if (c == '\'') {
            if (i + 2 >= len || out[i + 1] != '\'') abort(); /* a lone quote would end the string */
            i++;
        }
    }
    free(out);
    free(s);
    return 0;
}
