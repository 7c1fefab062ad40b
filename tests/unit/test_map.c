/* The generic map of lib/common (map.h) and the reader's façade over it (read/intern.h).
 * Allocation failures are injected with the linker's --wrap (tests/CMakeLists.txt): the
 * library's objects in this executable call __wrap_malloc and friends below, which fail the
 * fail_in-th call from now when fail_in is set. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "common/map.h"
#include "read/intern.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

static int fail_in; /* 0: never; k: the k-th allocation from now fails (then never again) */

static int failing(void)
{
    return fail_in && --fail_in == 0;
}

void *__wrap_malloc(size_t n)
{
    return failing() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return failing() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    return failing() ? NULL : __real_realloc(p, n);
}

/* Insert, find, the same entry and id for the same key, the map's own copy of each key. */
static void test_insert_find(void **state)
{
    (void)state;
    lk_arena arena;
    lk_arena_init(&arena);
    lk_map m;
    lk_map_init(&m, &arena, 0);
    assert_int_equal(lk_map_count(&m), 0);
    assert_null(lk_map_find(&m, 0, "3301", 4)); /* an empty map has no table yet */
    char buf[8] = "3301";
    int is_new = -1;
    lk_map_entry *a = lk_map_get(&m, 0, buf, 4, &is_new);
    assert_non_null(a);
    assert_int_equal(is_new, 1);
    assert_int_equal(a->id, 0);  /* the first key */
    assert_int_equal(a->len, 4);
    assert_int_equal(a->space, 0);
    assert_null(a->data);
    assert_ptr_not_equal(a->key, buf); /* a copy ... */
    memcpy(buf, "0301", 4);              /* ... so the caller's buffer may change */
    assert_string_equal(a->key, "3301");
    lk_map_entry *b = lk_map_get(&m, 0, buf, 4, &is_new);
    assert_int_equal(is_new, 1);
    assert_int_equal(b->id, 1);  /* the second key */
    a->data = &arena;
    lk_map_entry *again = lk_map_get(&m, 0, "3301", 4, &is_new);
    assert_ptr_equal(again, a);
    assert_int_equal(is_new, 0);
    assert_int_equal(again->id, 0);
    assert_ptr_equal(again->data, &arena); /* the caller's pointer stays */
    assert_int_equal(lk_map_count(&m), 2);
    assert_ptr_equal(lk_map_find(&m, 0, "0301", 4), b);
    assert_null(lk_map_find(&m, 0, "3302", 4));
    assert_null(lk_map_find(&m, 0, "330", 3));    /* a prefix is another key */
    assert_null(lk_map_find(&m, 0, "33011", 5));  /* and so is a longer one */
    assert_null(lk_map_find(&m, 1, "3301", 4));   /* the same bytes in another space */
    assert_int_equal(lk_map_count(&m), 2);        /* find never inserts */
    /* the empty key is a key too */
    lk_map_entry *empty = lk_map_get(&m, 0, "", 0, &is_new);
    assert_int_equal(is_new, 1);
    assert_int_equal(empty->id, 2);
    assert_string_equal(empty->key, "");
    assert_ptr_equal(lk_map_find(&m, 0, "", 0), empty);
    /* in insertion order */
    assert_ptr_equal(lk_map_at(&m, 0), a);
    assert_ptr_equal(lk_map_at(&m, 1), b);
    assert_ptr_equal(lk_map_at(&m, 2), empty);
    lk_map_free(&m);
    lk_map_free(&m); /* twice is fine */
    lk_map_free(NULL);
    lk_arena_free(&arena);
}

/* Spaces: the same bytes in spaces 0 and 1 are two entries with their own ids; strings: equal
 * texts give one pointer. */
static void test_spaces_strings(void **state)
{
    (void)state;
    lk_arena arena;
    lk_arena_init(&arena);
    lk_map m;
    lk_map_init(&m, &arena, 0);
    int is_new;
    lk_map_entry *x0 = lk_map_get(&m, 0, "x", 1, &is_new);
    lk_map_entry *x1 = lk_map_get(&m, 1, "x", 1, &is_new);
    assert_int_equal(is_new, 1);
    assert_ptr_not_equal(x0, x1);
    assert_int_equal(x0->id, 0);
    assert_int_equal(x1->id, 1);
    assert_int_equal(x1->space, 1);
    assert_ptr_equal(lk_map_find(&m, 1, "x", 1), x1);
    char text[] = "Drammen";
    const char *s = lk_map_string(&m, text);
    assert_string_equal(s, "Drammen");
    text[0] = 'd';
    assert_ptr_equal(lk_map_string(&m, "Drammen"), s);
    assert_ptr_not_equal(lk_map_string(&m, text), s); /* "drammen" is another string */
    assert_int_equal(lk_map_count(&m), 4);             /* x, x, Drammen, drammen */
    lk_map_free(&m);
    lk_arena_free(&arena);
}

/* Keys are bytes: every byte value 1..255 in one key, bytes above 0x7F, keys that differ only in
 * their last byte, and NUL inside a key (the harmoniser's keys hold pointer bytes), which is not
 * where the key ends. */
static void test_byte_keys(void **state)
{
    (void)state;
    lk_arena arena;
    lk_arena_init(&arena);
    lk_map m;
    lk_map_init(&m, &arena, 0);
    char all[255];
    for (int i = 0; i < 255; i++) all[i] = (char)(i + 1);
    int is_new;
    lk_map_entry *e = lk_map_get(&m, 0, all, sizeof all, &is_new);
    assert_int_equal(e->len, 255);
    assert_memory_equal(e->key, all, 255);
    assert_int_equal(e->key[255], '\0'); /* terminated after the key */
    assert_ptr_equal(lk_map_find(&m, 0, all, sizeof all), e);
    all[254] = 1; /* the last byte differs (255 → 1) */
    assert_null(lk_map_find(&m, 0, all, sizeof all));
    lk_map_entry *a = lk_map_get(&m, 0, "a\x1f" "b", 3, &is_new);
    lk_map_entry *b = lk_map_get(&m, 0, "a\x1e" "b", 3, &is_new);
    assert_ptr_not_equal(a, b);
    lk_map_entry *latin1 = lk_map_get(&m, 0, "\xd8stfold", 7, &is_new); /* Østfold in Latin-1 */
    lk_map_entry *utf8 = lk_map_get(&m, 0, "\xc3\x98stfold", 8, &is_new);
    assert_ptr_not_equal(latin1, utf8);
    assert_int_equal(latin1->id, 3); /* after all, a\x1fb, a\x1eb */
    assert_int_equal(utf8->id, 4);
    lk_map_entry *ab = lk_map_get(&m, 0, "ab", 2, &is_new);
    lk_map_entry *abnul = lk_map_get(&m, 0, "ab\0", 3, &is_new);
    lk_map_entry *anulb = lk_map_get(&m, 0, "a\0b", 3, &is_new);
    assert_int_equal(is_new, 1);
    assert_ptr_not_equal(ab, abnul);
    assert_ptr_not_equal(abnul, anulb);
    assert_int_equal(anulb->len, 3);
    assert_memory_equal(anulb->key, "a\0b", 4); /* with the map's NUL after it */
    assert_ptr_equal(lk_map_find(&m, 0, "a\0b", 3), anulb);
    assert_int_equal(lk_map_count(&m), 8);
    lk_map_free(&m);
    lk_arena_free(&arena);
}

/* Growth past the first table of 256 slots: it doubles before the 193rd key (193 × 4 > 256 × 3),
 * the 385th (385 × 4 > 512 × 3) and the 769th (769 × 4 > 1024 × 3), so 1000 keys sit in 2048
 * slots; every key keeps its id and its entry's address. */
static void test_growth(void **state)
{
    (void)state;
    lk_arena arena;
    lk_arena_init(&arena);
    lk_map m;
    lk_map_init(&m, &arena, 0);
    lk_map_entry *first = NULL;
    char key[16];
    int is_new;
    for (int i = 0; i < 1000; i++) {
        int k = snprintf(key, sizeof key, "k%d", i);
        lk_map_entry *e = lk_map_get(&m, 0, key, (size_t)k, &is_new);
        assert_non_null(e);
        assert_int_equal(is_new, 1);
        assert_int_equal(e->id, i);
        if (i == 0) first = e;
        if (i == 191) assert_int_equal(m.n_slots, 256); /* 192 keys: not yet grown */
        if (i == 192) assert_int_equal(m.n_slots, 512);
    }
    assert_int_equal(m.n_slots, 2048);
    assert_int_equal(lk_map_count(&m), 1000);
    for (int i = 0; i < 1000; i++) {
        int k = snprintf(key, sizeof key, "k%d", i);
        lk_map_entry *e = lk_map_find(&m, 0, key, (size_t)k);
        assert_non_null(e);
        assert_int_equal(e->id, i);
        assert_ptr_equal(lk_map_at(&m, (size_t)i), e);
        assert_ptr_equal(lk_map_get(&m, 0, key, (size_t)k, &is_new), e);
        assert_int_equal(is_new, 0);
    }
    assert_ptr_equal(lk_map_find(&m, 0, "k0", 2), first);
    assert_null(lk_map_find(&m, 0, "k1000", 5));
    assert_int_equal(lk_map_count(&m), 1000);
    lk_map_free(&m);
    lk_arena_free(&arena);
}

/* A value beside each entry: zeroed, aligned for any object, kept across growth. */
static void test_values(void **state)
{
    (void)state;
    typedef struct { double sum; long double wide; int n; } rec;
    lk_arena arena;
    lk_arena_init(&arena);
    lk_map m;
    lk_map_init(&m, &arena, sizeof(rec));
    char key[16];
    int is_new;
    for (int i = 0; i < 300; i++) {
        int k = snprintf(key, sizeof key, "%04d", i);
        lk_map_entry *e = lk_map_get(&m, 0, key, (size_t)k, &is_new);
        rec *r = lk_map_value(e);
        assert_int_equal((uintptr_t)r % _Alignof(max_align_t), 0);
        assert_true(r->sum == 0.0 && r->wide == 0.0L && r->n == 0);
        r->n = i + 1;
        r->sum = 0.5 * i;
        assert_string_equal(e->key, key); /* the key is not inside the value */
    }
    for (int i = 0; i < 300; i++) {
        int k = snprintf(key, sizeof key, "%04d", i);
        rec *r = lk_map_value(lk_map_find(&m, 0, key, (size_t)k));
        assert_int_equal(r->n, i + 1);
        assert_true(r->sum == 0.5 * i);
    }
    lk_map_free(&m);
    lk_arena_free(&arena);
}

/* Out of memory: lk_map_get returns NULL and leaves the map as it was, whichever allocation
 * fails (the first table, the by-id array, the arena block; later the table's doubling), and
 * the map works once memory is back. */
static void test_out_of_memory(void **state)
{
    (void)state;
    lk_arena arena;
    lk_map m;
    int is_new = -1;
    /* The first key of a new map allocates three times: the table (calloc), the by-id array
     * (realloc), the arena's first block (malloc). */
    for (int k = 1; k <= 3; k++) {
        lk_arena_init(&arena);
        lk_map_init(&m, &arena, 0);
        fail_in = k;
        assert_null(lk_map_get(&m, 0, "3301", 4, &is_new));
        assert_int_equal(fail_in, 0); /* the k-th call was made and failed */
        assert_int_equal(is_new, 0);
        assert_int_equal(lk_map_count(&m), 0);
        assert_null(lk_map_find(&m, 0, "3301", 4));
        /* memory is back: the same key goes in as the first */
        lk_map_entry *e = lk_map_get(&m, 0, "3301", 4, &is_new);
        assert_non_null(e);
        assert_int_equal(is_new, 1);
        assert_int_equal(e->id, 0);
        lk_map_free(&m);
        lk_arena_free(&arena);
    }
    lk_arena_init(&arena);
    lk_map_init(&m, &arena, 0);
    assert_non_null(lk_map_string(&m, "k0"));
    char key[16];
    for (int i = 1; i < 192; i++) { /* 192 keys: a full first table */
        int k = snprintf(key, sizeof key, "k%d", i);
        assert_non_null(lk_map_get(&m, 0, key, (size_t)k, &is_new));
    }
    assert_int_equal(m.n_slots, 256);
    fail_in = 1; /* the 193rd key needs the doubling first */
    assert_null(lk_map_get(&m, 0, "k192", 4, &is_new));
    assert_int_equal(m.n_slots, 256);
    assert_int_equal(lk_map_count(&m), 192);
    for (int i = 1; i < 192; i++) {
        int k = snprintf(key, sizeof key, "k%d", i);
        assert_non_null(lk_map_find(&m, 0, key, (size_t)k));
    }
    lk_map_entry *e = lk_map_get(&m, 0, "k192", 4, &is_new);
    assert_non_null(e);
    assert_int_equal(e->id, 192);
    assert_int_equal(m.n_slots, 512);
    assert_int_equal(fail_in, 0);
    lk_map_free(&m);
    lk_arena_free(&arena);
}

/* The reader's façade: each label is its entry's value, with the bytes, their length and the
 * column; every label once in slots, in order of first sight; find does not insert. */
static void test_intern_facade(void **state)
{
    (void)state;
    lk_arena arena;
    lk_arena_init(&arena);
    lk_intern t;
    lk_intern_init(&t, &arena);
    int is_new;
    lk_label *a = lk_intern_get(&t, 2, "2024", 4, &is_new);
    assert_int_equal(is_new, 1);
    assert_string_equal(a->raw, "2024");
    assert_int_equal(a->raw_len, 4);
    assert_int_equal(a->col, 2);
    assert_null(a->text); /* not parsed yet */
    lk_label *b = lk_intern_get(&t, 3, "2024", 4, &is_new);
    assert_int_equal(is_new, 1);
    assert_ptr_not_equal(a, b); /* another column */
    assert_ptr_equal(lk_intern_get(&t, 2, "2024", 4, &is_new), a);
    assert_int_equal(is_new, 0);
    assert_ptr_equal(lk_intern_find(&t, 3, "2024", 4), b);
    assert_null(lk_intern_find(&t, 1, "2024", 4));
    assert_int_equal(t.n_slots, 2);
    assert_ptr_equal(t.slots[0], a);
    assert_ptr_equal(t.slots[1], b);
    fail_in = 1; /* a new label's first allocation: the slots array */
    lk_intern_free(&t);
    lk_intern_init(&t, &arena);
    assert_null(lk_intern_get(&t, 0, "x", 1, &is_new));
    assert_int_equal(t.n_slots, 0);
    assert_null(lk_intern_find(&t, 0, "x", 1));
    lk_intern_free(&t);
    lk_arena_free(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_insert_find),
        cmocka_unit_test(test_spaces_strings),
        cmocka_unit_test(test_byte_keys),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_intern_facade),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
