/* The duplicate-row check's two twins (lib/read/dupcheck.h) on the same rows: the bitmaps and
 * the plain hash set must say "seen before" for exactly the same rows, also while the bitmaps
 * grow their radixes and lay themselves out again, and must agree on whether two parts of a
 * file share a row. Each row's answer is also checked against a list of the rows so far. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "read/dupcheck.h"

#define NPOS 3

/* One reader's labels: its own intern table, dense numbers in order of first sight. */
typedef struct table {
    lk_arena arena;
    lk_intern labels;
    size_t n_distinct[NPOS];
    int label_pos[NPOS];
} table;

static void table_init(table *t)
{
    lk_arena_init(&t->arena);
    lk_intern_init(&t->labels, &t->arena);
    for (int j = 0; j < NPOS; j++) {
        t->n_distinct[j] = 0;
        t->label_pos[j] = j;
    }
}

static void table_free(table *t)
{
    lk_intern_free(&t->labels);
    lk_arena_free(&t->arena);
}

static lk_label *label(table *t, uint32_t col, unsigned v)
{
    char s[16];
    int n = snprintf(s, sizeof s, "%c%u", 'a' + (int)col, v);
    int is_new;
    lk_label *l = lk_intern_get(&t->labels, col, s, (size_t)n, &is_new);
    assert_non_null(l);
    if (!l->parsed) { /* as the reader's parse_label */
        l->fingerprint = lk_hash64_bytes(col, l->raw, l->raw_len);
        l->text = l->raw;
        l->dense = (uint32_t)t->n_distinct[col]++;
        l->parsed = 1;
    }
    return l;
}

static uint64_t rng = 88172645463325252ull;
static unsigned next_rand(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* A row of values: mostly a nested cross product walked in order (as exports are), with jumps
 * back to earlier rows and to new labels, so that repeats and radix growth both happen. */
static void make_rows(unsigned (*rows)[NPOS], size_t n)
{
    unsigned v[NPOS] = { 0, 0, 0 };
    for (size_t i = 0; i < n; i++) {
        unsigned r = next_rand(100);
        if (r < 5 && i > 0) { /* an earlier row again */
            memcpy(v, rows[next_rand((unsigned)i)], sizeof v);
        } else if (r < 8) { /* a new label somewhere */
            v[next_rand(NPOS)] += 1 + next_rand(40);
        } else { /* the next combination: the last position runs fastest */
            if (++v[2] > 7) {
                v[2] = 0;
                if (++v[1] > 5) {
                    v[1] = 0;
                    v[0]++;
                }
            }
        }
        memcpy(rows[i], v, sizeof v);
    }
}

static int seen_before(unsigned (*rows)[NPOS], size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (memcmp(rows[k], rows[i], sizeof rows[i]) == 0) return 1;
    return 0;
}

static void test_twins_agree_row_by_row(void **state)
{
    (void)state;
    enum { N = 3000 };
    static unsigned rows[N][NPOS];
    make_rows(rows, N);
    table t;
    table_init(&t);
    lk_dup fast, plain;
    lk_dup_init(&fast, 0, LK_DUP_BITS);
    lk_dup_init(&plain, 1, LK_DUP_BITS);
    lk_label *prev[NPOS] = { NULL, NULL, NULL };
    size_t repeats = 0;
    for (size_t i = 0; i < N; i++) {
        lk_label *l[NPOS];
        size_t from = 0; /* the first position whose label differs from the row before */
        for (uint32_t j = 0; j < NPOS; j++) l[j] = label(&t, j, rows[i][j]);
        while (from < NPOS && l[from] == prev[from]) from++;
        int s1 = -1, s2 = -1;
        assert_int_equal(lk_dup_add(&fast, l, NPOS, from, &s1), LK_OK);
        assert_int_equal(lk_dup_add(&plain, l, NPOS, 0, &s2), LK_OK);
        int want = seen_before(rows, i);
        if (s1 != want || s2 != want) fprintf(stderr, "row %zu: bitmaps %d, plain %d, expected %d\n", i, s1, s2, want);
        assert_int_equal(s1, want);
        assert_int_equal(s2, want);
        repeats += (size_t)want;
        memcpy(prev, l, sizeof prev);
    }
    assert_true(repeats > 50);           /* about 5 % of the rows go back */
    assert_true(t.n_distinct[0] > 30);   /* the regions grew the bitmaps' count ... */
    assert_true(t.n_distinct[2] > 8);    /* ... and a later position its radix */
    assert_int_equal(fast.count, N - repeats);
    assert_int_equal(plain.count, N - repeats);
    assert_int_equal(fast.stopped, 0);
    lk_dup_free(&fast);
    lk_dup_free(&plain);
    table_free(&t);
}

/* Two parts with their own tables; they share a row when `shared` is set. */
static void cross_case(int shared)
{
    enum { N = 400 };
    table ta, tb;
    table_init(&ta);
    table_init(&tb);
    lk_dup fa, fb, pa, pb;
    lk_dup_init(&fa, 0, LK_DUP_BITS / 2);
    lk_dup_init(&fb, 0, LK_DUP_BITS / 2);
    lk_dup_init(&pa, 1, LK_DUP_BITS / 2);
    lk_dup_init(&pb, 1, LK_DUP_BITS / 2);
    for (unsigned i = 0; i < 2 * N; i++) {
        /* the first part region 0..49, the second 50..99 (each region with 8 x 1 rows), plus
         * the first part's row 17 again in the second part when shared */
        unsigned v[NPOS] = { i / 8, 0, i % 8 };
        if (shared && i == N + 5) v[0] = 17 / 8, v[2] = 17 % 8;
        table *t = i < N ? &ta : &tb;
        lk_label *l[NPOS];
        for (uint32_t j = 0; j < NPOS; j++) l[j] = label(t, j, v[j]);
        int s;
        assert_int_equal(lk_dup_add(i < N ? &fa : &fb, l, NPOS, 0, &s), LK_OK);
        assert_int_equal(s, 0);
        assert_int_equal(lk_dup_add(i < N ? &pa : &pb, l, NPOS, 0, &s), LK_OK);
        assert_int_equal(s, 0);
    }
    lk_dup_cols ca = { &ta.labels, ta.label_pos, ta.n_distinct, NPOS };
    lk_dup_cols cb = { &tb.labels, tb.label_pos, tb.n_distinct, NPOS };
    lk_label *l1[LK_ROW_LABELS], *l2[LK_ROW_LABELS];
    int f1 = -1, f2 = -1;
    assert_int_equal(lk_dup_cross(&fa, &ca, &fb, &cb, l1, &f1), LK_OK);
    assert_int_equal(lk_dup_cross(&pa, &ca, &pb, &cb, l2, &f2), LK_OK);
    assert_int_equal(f1, shared);
    assert_int_equal(f2, shared);
    if (shared) { /* both name row 17: region a2, b0, c1 */
        assert_string_equal(l1[0]->text, "a2");
        assert_string_equal(l1[2]->text, "c1");
        for (int j = 0; j < NPOS; j++) assert_ptr_equal(l1[j], l2[j]);
    }
    lk_dup_free(&fa);
    lk_dup_free(&fb);
    lk_dup_free(&pa);
    lk_dup_free(&pb);
    table_free(&ta);
    table_free(&tb);
}

static void test_twins_agree_across_parts(void **state)
{
    (void)state;
    cross_case(0);
    cross_case(1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_twins_agree_row_by_row),
        cmocka_unit_test(test_twins_agree_across_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
