/* The common helpers: large arrays on huge pages (bigalloc). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "common/bigalloc.h"

static int all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i]) return 0;
    return 1;
}

/* Small and large arrays come zeroed, keep their bytes when they grow across the 2 MiB line
 * (calloc to huge pages) and within it, and the new part is zero. */
static void test_big_arrays(void **state)
{
    (void)state;
    const size_t small = 4096, big = LK_BIG_MIN + 12345, bigger = 3 * LK_BIG_MIN + 7;
    unsigned char *p = lk_big_calloc(small);
    assert_non_null(p);
    assert_true(all_zero(p, small));
    for (size_t i = 0; i < small; i++) p[i] = (unsigned char)(i * 7 + 1);
    p = lk_big_realloc(p, small, big); /* calloc'd -> huge pages */
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % LK_BIG_MIN, 0); /* aligned for huge pages */
    for (size_t i = 0; i < small; i++) assert_int_equal(p[i], (unsigned char)(i * 7 + 1));
    assert_true(all_zero(p + small, big - small));
    memset(p + small, 0xAB, big - small);
    unsigned char *q = lk_big_realloc(p, big, big + 100); /* within the same 2 MiB pages */
    assert_ptr_equal(q, p);
    assert_true(all_zero(q + big, 100));
    p = lk_big_realloc(q, big + 100, bigger); /* to more huge pages */
    assert_non_null(p);
    for (size_t i = 0; i < small; i++) assert_int_equal(p[i], (unsigned char)(i * 7 + 1));
    assert_int_equal(p[small], 0xAB);
    assert_int_equal(p[big - 1], 0xAB);
    assert_true(all_zero(p + big + 100, bigger - big - 100));
    lk_prefault(p, bigger); /* a hint: the bytes stay as they are */
    assert_int_equal(p[big - 1], 0xAB);
    lk_big_free(p, bigger);
    lk_big_free(NULL, 0);
    unsigned char *z = lk_big_calloc(0);
    assert_non_null(z);
    lk_big_free(z, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_big_arrays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
