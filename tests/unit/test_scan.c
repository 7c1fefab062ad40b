/* Row splitting: the fast scanner on hand-written cases, and differentially against libcsv on
 * generated lines (quotes, "" escapes, embedded delimiters, Latin-1 and UTF-8 bytes, CR). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "read/scan.h"

static void expect_split(const char *line, char delim, size_t n, const char *const *fields, const int *quoted)
{
    lk_fields f;
    lk_fields_init(&f);
    char *copy = strdup(line);
    size_t bad = 0;
    assert_int_equal(lk_split_fast(&f, copy, strlen(copy), delim, &bad), LK_SPLIT_OK);
    assert_int_equal(f.n, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(f.v[i].len, strlen(fields[i]));
        assert_memory_equal(f.v[i].p, fields[i], f.v[i].len);
        if (quoted) assert_int_equal(f.v[i].quoted, quoted[i]);
    }
    free(copy);
    lk_fields_free(&f);
}

static void test_fast_cases(void **state)
{
    (void)state;
    const char *a[] = { "K_3001 Halden", "2023", "31730", ".." };
    const int qa[] = { 1, 1, 0, 0 };
    expect_split("\"K_3001 Halden\";\"2023\";31730;..", ';', 4, a, qa);
    const char *b[] = { "Alle, uansett varighet", "1453" };
    expect_split("\"Alle, uansett varighet\",1453", ',', 2, b, NULL);
    const char *c[] = { "say \"hi\"", "", "x" };
    expect_split("\"say \"\"hi\"\"\";;x", ';', 3, c, NULL);
    const char *d[] = { "a", "b", "" };
    expect_split("a\tb\t", '\t', 3, d, NULL);
    const char *e[] = { "" };
    expect_split("", ';', 1, e, NULL);
    const char *g[] = { "", "" };
    const int qg[] = { 1, 0 };
    expect_split("\"\";", ';', 2, g, qg);
}

static void expect_error(const char *line, lk_split_error err, size_t field)
{
    lk_fields f;
    lk_fields_init(&f);
    char *copy = strdup(line);
    size_t bad = 0;
    assert_int_equal(lk_split_fast(&f, copy, strlen(copy), ';', &bad), err);
    assert_int_equal(bad, field);
    free(copy);
    lk_fields_free(&f);
}

static void test_fast_errors(void **state)
{
    (void)state;
    expect_error("a;b\"c;d", LK_SPLIT_STRAY_QUOTE, 2);
    expect_error("\"abc\"def;x", LK_SPLIT_STRAY_QUOTE, 1);
    expect_error("x;\"abc", LK_SPLIT_UNCLOSED_QUOTE, 2);
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static unsigned next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng >> 16);
}

/* Mostly well-formed rows built from fields, sometimes with a random byte thrown in. */
static size_t random_line(char *buf, char delim)
{
    static const char *const atoms[] = { "a", "3301 Drammen", "\xE5r", "\xC3\xA5r", "2.5", "-1", "..", ":", " ", ",", ";", "\t", "x y", "" };
    size_t n = 0, nf = 1 + next_rand() % 6;
    for (size_t i = 0; i < nf; i++) {
        if (i) buf[n++] = delim;
        int quoted = next_rand() % 2;
        if (quoted) buf[n++] = '"';
        size_t parts = next_rand() % 4;
        for (size_t k = 0; k < parts; k++) {
            const char *at = atoms[next_rand() % (sizeof atoms / sizeof atoms[0])];
            if (!quoted && (strchr(at, delim) || (at[0] == delim))) continue;
            if (quoted && next_rand() % 5 == 0) { buf[n++] = '"'; buf[n++] = '"'; }
            memcpy(buf + n, at, strlen(at));
            n += strlen(at);
        }
        if (quoted) buf[n++] = '"';
    }
    if (next_rand() % 8 == 0 && n > 0) buf[next_rand() % n] = "\"\r;,a"[next_rand() % 5];
    return n;
}

static void test_fast_equals_libcsv(void **state)
{
    (void)state;
    lk_fields fa, fb, fc;
    lk_fields_init(&fa);
    lk_fields_init(&fb);
    lk_fields_init(&fc);
    char line[512], a[512], b[512], c[512 + LK_SCAN_PAD];
    size_t agree_ok = 0, agree_err = 0;
    for (int iter = 0; iter < 200000; iter++) {
        char delim = ";,\t "[iter % 4];
        size_t n = random_line(line, delim);
        if (memchr(line, '\r', n)) continue; /* the reader rejects a CR inside a line before splitting */
        memcpy(a, line, n);
        memcpy(b, line, n);
        size_t bad_a = 0, bad_b = 0;
        lk_split_error ea = lk_split_fast(&fa, a, n, delim, &bad_a);
        lk_split_error eb = lk_split_libcsv(&fb, b, n, delim, &bad_b);
        /* the counter used by format detection agrees without splitting */
        assert_int_equal(lk_split_count(line, n, delim), ea == LK_SPLIT_OK ? fa.n : 0);
        /* the reader's variant reads past the line into padding: quotes and delimiters there
         * must not count */
        memcpy(c, line, n);
        memset(c + n, iter % 2 ? '"' : delim, LK_SCAN_PAD);
        size_t bad_c = 0;
        lk_split_error ec = lk_split_fast_from(&fc, c, n, delim, 0, 0, &bad_c);
        assert_int_equal(ec, ea);
        if (ec == LK_SPLIT_OK) {
            assert_int_equal(fc.n, fa.n);
            for (size_t i = 0; i < fc.n; i++) {
                assert_int_equal(fc.v[i].len, fa.v[i].len);
                assert_memory_equal(fc.v[i].p, fa.v[i].p, fc.v[i].len);
            }
        }
        if ((ea == LK_SPLIT_OK) != (eb == LK_SPLIT_OK)) {
            fprintf(stderr, "disagree on [%.*s] (delim %d): fast %d libcsv %d\n", (int)n, line, delim, ea, eb);
            fail();
        }
        if (ea != LK_SPLIT_OK) {
            agree_err++;
            continue;
        }
        agree_ok++;
        if (fa.n != fb.n) {
            fprintf(stderr, "field count on [%.*s]: fast %zu libcsv %zu\n", (int)n, line, fa.n, fb.n);
            fail();
        }
        for (size_t i = 0; i < fa.n; i++) {
            if (fa.v[i].len != fb.v[i].len || memcmp(fa.v[i].p, fb.v[i].p, fa.v[i].len) != 0) {
                fprintf(stderr, "field %zu on [%.*s]: fast [%.*s] libcsv [%.*s]\n", i, (int)n, line,
                        (int)fa.v[i].len, fa.v[i].p, (int)fb.v[i].len, fb.v[i].p);
                fail();
            }
        }
    }
    /* Both kinds of lines must actually have been exercised. */
    assert_true(agree_ok > 100000);
    assert_true(agree_err > 1000);
    lk_fields_free(&fa);
    lk_fields_free(&fb);
    lk_fields_free(&fc);
}

/* Lines longer than the masked scanner's 512 bytes take the memchr scanner: the same fields. */
static void test_long_lines(void **state)
{
    (void)state;
    lk_fields fa, fb;
    lk_fields_init(&fa);
    lk_fields_init(&fb);
    static char line[8192], a[8192 + LK_SCAN_PAD], b[8192], piece[512];
    size_t checked = 0, errors = 0;
    for (int iter = 0; iter < 3000; iter++) {
        char delim = ";,\t "[iter % 4];
        size_t n = 0;
        while (n < 600 + (size_t)(iter % 7) * 500) { /* random pieces joined by the delimiter */
            size_t k = random_line(piece, delim);
            if (n + k + 1 >= sizeof line) break;
            /* mostly well-formed pieces (one bad piece spoils the line), and a bad one at times */
            if (!lk_split_count(piece, k, delim) && next_rand() % 16) continue;
            if (n) line[n++] = delim;
            memcpy(line + n, piece, k);
            n += k;
        }
        if (memchr(line, '\r', n)) continue;
        memcpy(a, line, n);
        memcpy(b, line, n);
        size_t bad_a = 0, bad_b = 0;
        lk_split_error ea = lk_split_fast_from(&fa, a, n, delim, 0, 0, &bad_a);
        lk_split_error eb = lk_split_libcsv(&fb, b, n, delim, &bad_b);
        assert_int_equal(ea == LK_SPLIT_OK, eb == LK_SPLIT_OK);
        assert_int_equal(lk_split_count(line, n, delim), ea == LK_SPLIT_OK ? fa.n : 0);
        if (ea != LK_SPLIT_OK) {
            errors++;
            continue;
        }
        checked++;
        assert_int_equal(fa.n, fb.n);
        for (size_t i = 0; i < fa.n; i++) {
            assert_int_equal(fa.v[i].len, fb.v[i].len);
            assert_memory_equal(fa.v[i].p, fb.v[i].p, fa.v[i].len);
        }
    }
    assert_true(checked > 100);
    assert_true(errors > 10);
    lk_fields_free(&fa);
    lk_fields_free(&fb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fast_cases),
        cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_fast_errors),
        cmocka_unit_test(test_fast_equals_libcsv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
