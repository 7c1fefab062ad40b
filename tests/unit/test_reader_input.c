/* The reader's input (lib/read/input.c): the same bytes from memory and from a file give the
 * same observations, and nothing reopens the file by its path: the second part of a split file
 * and the duplicate check's second pass read the descriptor the reader opened, so they work
 * when the path is gone (or names another file) by then. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "levekar.h"

static char dir[64];
static char path[128];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/lk-input-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    snprintf(path, sizeof path, "%s/t.csv", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    rmdir(dir);
    return 0;
}

static void write_file(const char *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

typedef struct sink {
    FILE *tidy;
    size_t seen;
} sink;

static int collect(const lk_obs *obs, void *payload)
{
    sink *s = payload;
    s->seen++;
    /* where each observation was: the line and column say the reading followed the same bytes */
    if (s->tidy) fprintf(s->tidy, "%lu %zu ", obs->line, obs->column);
    return !s->tidy || lk_tidy_write_obs(s->tidy, obs) == LK_OK ? 0 : 1;
}

/* Open (from memory when mem, else the file at path), run, and return the tidy rows with line
 * and column, then the info fields that depend on the bytes. */
static char *read_all(const char *bytes, size_t len, int mem)
{
    char *out = NULL;
    size_t n = 0;
    sink s = { open_memstream(&out, &n), 0 };
    lk_reader *r = NULL;
    int rc = mem ? lk_reader_open_memory(&r, "t.csv", bytes, len, NULL) : lk_reader_open(&r, path, NULL);
    if (rc == LK_OK) rc = lk_reader_run(r, collect, &s);
    if (rc != LK_OK) fprintf(stderr, "%s\n", lk_reader_errmsg(r));
    assert_int_equal(rc, LK_OK);
    const lk_read_info *in = lk_reader_info(r);
    fprintf(s.tidy, "format=%s encoding=%s ending=%s lines=%lu obs=%zu missing=%zu title=%s\n", in->format,
            in->encoding, in->line_ending, in->lines, in->observations, in->missing, in->title);
    fclose(s.tidy);
    lk_reader_free(r);
    return out;
}

static void check_same(const char *bytes, size_t len, const char *expected_info)
{
    write_file(bytes, len);
    char *from_mem = read_all(bytes, len, 1), *from_file = read_all(bytes, len, 0);
    assert_string_equal(from_mem, from_file);
    if (!strstr(from_mem, expected_info)) fprintf(stderr, "got: %s\n", from_mem);
    assert_non_null(strstr(from_mem, expected_info));
    free(from_mem);
    free(from_file);
}

/* Old Statistikkbanken: Latin-1, CRLF, a quoted title and a blank line before the header. */
static void test_latin1_crlf_ssb(void **state)
{
    (void)state;
    static const char b[] =
        "\"12345: Befolkning, etter region, statistikkvariabel og \xE5r\"\r\n"
        "\r\n"
        "\"region\";\"Personer 2022\";\"Personer 2023\";\"D\xF8" "de 2023\"\r\n"
        "\"K_3301 Drammen\";102273;103000;..\r\n"
        "\"K.3312 Lier\";-5;28000;:\r\n";
    /* 5 lines, 2 rows x 3 value columns = 6 observations, 2 of them missing (.. and :) */
    check_same(b, sizeof b - 1, "format=CSV encoding=ISO-8859-1/Windows-1252 ending=CRLF lines=5 obs=6 missing=2");
    char *t = read_all(b, sizeof b - 1, 1);
    /* Drammen's 2022 count is on line 4, column 2 */
    assert_non_null(strstr(t, "4 2 12345,3301,Drammen,kommune,2022,Personer,,,102273,\n"));
    free(t);
}

/* JSON-stat 2.0: read whole, in place from memory, through the input from a file. */
static void test_jsonstat(void **state)
{
    (void)state;
    static const char b[] =
        "{\"class\":\"dataset\",\"version\":\"2.0\",\"label\":\"T\",\"id\":[\"Region\",\"Tid\"],\"size\":[2,1],\n"
        "\"dimension\":{\"Region\":{\"category\":{\"index\":[\"3301\",\"3312\"],"
        "\"label\":{\"3301\":\"Drammen\",\"3312\":\"Lier\"}}},\n"
        "\"Tid\":{\"category\":{\"index\":[\"2023\"]}}},\n"
        "\"value\":[7,null]}\n";
    /* 4 lines (4 line ends); 2 regions x 1 year = 2 cells, the second null */
    check_same(b, sizeof b - 1, "format=JSON-stat 2.0 encoding=ASCII ending=LF lines=4 obs=2 missing=1");
}

/* A long UTF-8 export with LF and no line end after the last line. */
static void test_long_utf8(void **state)
{
    (void)state;
    static const char b[] =
        "\"region\",\"\xC3\xA5r\",\"statistikkvariabel\",\"07459: Befolkning\"\n"
        "\"3301 Drammen\",\"2023\",\"Personer\",103000\n"
        "\"3312 Lier\",\"2023\",\"Personer\",28000";
    check_same(b, sizeof b - 1, "format=CSV encoding=UTF-8 ending=LF lines=3 obs=2 missing=0");
}

/* A large export: "100000 Sted";"<age> år";"2023";<value>, about 5 MiB so it can be split;
 * "år" in Latin-1, or in UTF-8 when utf8 is set. */
static char *big_export_in(size_t *len, unsigned *rows, int utf8)
{
    const char *aa = utf8 ? "\xC3\xA5" : "\xE5";
    size_t cap = 6u << 20, n = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    n += (size_t)sprintf(b, "\"region\";\"alder\";\"%sr\";\"Personer\"\n", aa);
    unsigned k = 0;
    for (unsigned g = 0; n < (5u << 20); g++)
        for (unsigned a = 0; a < 100; a++, k++)
            n += (size_t)sprintf(b + n, "\"%u Sted\";\"%u %sr\";\"2023\";%u\n", 100000 + g, a, aa, k);
    *len = n;
    *rows = k;
    return b;
}

static char *big_export(size_t *len, unsigned *rows)
{
    return big_export_in(len, rows, 0);
}

/* The second part of a split file reads the file the first part opened, also when its path is
 * gone (unlinked, or renamed by another program) before the split: the old reader reopened the
 * path and read in one part. */
static void test_split_without_path(void **state)
{
    (void)state;
    size_t len;
    unsigned rows;
    char *b = big_export(&len, &rows);
    write_file(b, len);
    lk_reader *r = NULL, *p2 = NULL;
    assert_int_equal(lk_reader_open(&r, path, NULL), LK_OK);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(lk_reader_split(r, &p2, 0), LK_OK);
    assert_non_null(p2);
    sink s1 = { NULL, 0 }, s2 = { NULL, 0 };
    assert_int_equal(lk_reader_run(r, collect, &s1), LK_OK);
    assert_int_equal(lk_reader_run(p2, collect, &s2), LK_OK);
    assert_int_equal(lk_reader_check_parts(r, p2), LK_OK);
    /* one observation per row, each row in one part only */
    assert_int_equal(s1.seen + s2.seen, rows);
    assert_true(s1.seen > 0 && s2.seen > 0);
    /* the second part counts its lines from the start of the file (the header is line 1) */
    assert_int_equal(lk_reader_line_offset(p2), lk_reader_info(r)->lines);
    assert_int_equal(lk_reader_line_offset(p2) + lk_reader_info(p2)->lines, rows + 1);
    lk_reader_free(p2);
    lk_reader_free(r);
    free(b);
}

/* The second part of a split file follows the whole layout the first part detected, the
 * encoding with its BOM included (the field-by-field copy left the BOM out: part 2 said
 * "UTF-8"), and its decimal mark and columns. */
static void test_split_part_copies_layout(void **state)
{
    (void)state;
    size_t len;
    unsigned rows;
    char *b = big_export_in(&len, &rows, 1);
    char *c = malloc(len + 3);
    memcpy(c, "\xEF\xBB\xBF", 3);
    memcpy(c + 3, b, len);
    write_file(c, len + 3);
    lk_reader *r = NULL, *p2 = NULL;
    assert_int_equal(lk_reader_open(&r, path, NULL), LK_OK);
    assert_int_equal(lk_reader_split(r, &p2, 0), LK_OK);
    assert_non_null(p2);
    const lk_read_info *i1 = lk_reader_info(r), *i2 = lk_reader_info(p2);
    assert_string_equal(i1->encoding, "UTF-8 with BOM");
    assert_string_equal(i2->encoding, "UTF-8 with BOM");
    assert_int_equal(i2->delimiter, ';');
    assert_int_equal(i2->n_columns, 4);
    assert_string_equal(i2->layout, "long");
    lk_reader_free(p2);
    lk_reader_free(r);
    free(b);
    free(c);
}

/* The duplicate check names the earlier line through a second pass over the same descriptor:
 * also when the path is gone, where the old reader could only say "an earlier line". */
static void test_duplicate_line_without_path(void **state)
{
    (void)state;
    static const char b[] =
        "\"region\";\"\xE5r\";\"Personer\"\n"
        "\"3301 Drammen\";\"2023\";1\n"
        "\"3312 Lier\";\"2023\";2\n"
        "\"3301 Drammen\";\"2023\";3\n";
    write_file(b, sizeof b - 1);
    lk_reader *r = NULL;
    assert_int_equal(lk_reader_open(&r, path, NULL), LK_OK);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(lk_reader_run(r, NULL, NULL), LK_EDATA);
    char want[256];
    /* line 4 repeats line 2's labels */
    snprintf(want, sizeof want, "%s:4: the same labels as line 2 (3301 Drammen, 2023) (expected each "
             "combination once: a duplicate would be counted twice)", path);
    assert_string_equal(lk_reader_errmsg(r), want);
    lk_reader_free(r);
}

/* A duplicate across the two parts of a split file is named by its two absolute lines. */
static void test_duplicate_across_parts_without_path(void **state)
{
    (void)state;
    size_t len;
    unsigned rows;
    char *b = big_export(&len, &rows);
    char *c = malloc(len + 64);
    memcpy(c, b, len);
    /* line 2 (the first row) again at the end */
    len += (size_t)sprintf(c + len, "\"100000 Sted\";\"0 \xE5r\";\"2023\";5\n");
    write_file(c, len);
    lk_reader *r = NULL, *p2 = NULL;
    assert_int_equal(lk_reader_open(&r, path, NULL), LK_OK);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(lk_reader_split(r, &p2, 0), LK_OK);
    assert_non_null(p2);
    assert_int_equal(lk_reader_run(r, NULL, NULL), LK_OK);
    assert_int_equal(lk_reader_run(p2, NULL, NULL), LK_OK);
    assert_int_equal(lk_reader_check_parts(r, p2), LK_EDATA);
    char want[256];
    /* rows + 1 lines before the repeat: it is line rows + 2 */
    snprintf(want, sizeof want, "%s:%u: the same labels as line 2 (100000 Sted, 0 \xC3\xA5r, 2023) (expected each "
             "combination once: a duplicate would be counted twice)", path, rows + 2);
    assert_string_equal(lk_reader_errmsg(r), want);
    lk_reader_free(p2);
    lk_reader_free(r);
    free(b);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_latin1_crlf_ssb, setup, teardown),
        cmocka_unit_test_setup_teardown(test_jsonstat, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split_without_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split_part_copies_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_line_without_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_across_parts_without_path, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
