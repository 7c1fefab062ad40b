/* Definition files, zone files and KLASS change lists: bytes → the loaders (through a temporary
 * file where the API takes a path). A failure must come with a FILE:LINE message. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fuzz.h"
#include "levekar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    unsigned which = data[0] % 3;
    data++;
    size--;
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (which == 0) {
        lk_registry *r;
        if (lk_registry_new(&r) != LK_OK) abort();
        if (lk_registry_load_text(r, "fuzz.def", text) == LK_EDATA && !strstr(lk_registry_errmsg(r), "fuzz.def:")) abort();
        lk_registry_free(r);
    } else {
        char path[] = "/tmp/lk-fuzz-XXXXXX";
        int fd = mkstemp(path);
        if (fd >= 0) {
            if (write(fd, data, size) == (ssize_t)size) {
                if (which == 1) {
                    lk_zones *z = NULL;
                    if (lk_zones_load(&z, path) == LK_EDATA && !strstr(lk_zones_errmsg(z), path)) abort();
                    for (size_t i = 0; i < lk_zones_count(z); i++) (void)lk_zones_find(z, lk_zones_get(z, i)->kommune);
                    lk_zones_free(z);
                } else {
                    lk_geo *g;
                    if (lk_geo_new(&g) != LK_OK) abort();
                    if (lk_geo_load_changes(g, path) == LK_EDATA && !strstr(lk_geo_errmsg(g), path)) abort();
                    lk_geo_target t[8];
                    size_t n;
                    (void)lk_geo_map(g, "3301", 2024, 2030, t, 8, &n);
                    lk_geo_free(g);
                }
            }
            close(fd);
            unlink(path);
        }
    }
    free(text);
    return 0;
}
