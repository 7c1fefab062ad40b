/* Fuzz targets: libFuzzer entry points, also built with a replay main() (standalone.c) so that
 * their corpora run as ordinary ctest tests under gcc. */
#ifndef LK_FUZZ_H
#define LK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
