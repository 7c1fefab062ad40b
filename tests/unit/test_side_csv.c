/* The side-file reader of lib/common (side_csv.h): lines and fields, encodings, its FILE:LINE
 * messages, the field limit, and a file that cannot be read whole. Allocation failures come from
 * the --wrap'ed realloc below (tests/CMakeLists.txt), as in test_map.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "levekar/common.h"
#include "levekar/zones.h"
#include "common/side_csv.h"

void *__real_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n);

static int fail_realloc; /* the next realloc of the library fails */

void *__wrap_realloc(void *p, size_t n)
{
    if (fail_realloc) {
        fail_realloc = 0;
        return NULL;
    }
    return __real_realloc(p, n);
}

static void write_bytes(const char *path, const char *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    fclose(f);
}

/* A BOM, `;` chosen on the first line, CRLF, an empty line skipped (its number counted), a quoted
 * field with "" and the delimiter inside, cells trimmed, a cell past the last field "". */
static void test_lines_fields(void **state)
{
    (void)state;
    static const char text[] = "\xEF\xBB\xBFZone ; Name;member\r\n\r\nS1;\" Sone \"\"A\"\"; s\xC3\xB8r\";3301\r\nS2;B;3312";
    write_bytes("side_test.csv", text, sizeof text - 1);
    lk_side_csv csv;
    assert_int_equal(lk_side_csv_open(&csv, "side_test.csv", "zone,name,member"), LK_OK);
    assert_string_equal(csv.errmsg, "");
    lk_arena arena;
    lk_arena_init(&arena);
    int more = -1;
    assert_int_equal(lk_side_csv_next(&csv, &more), LK_OK);
    assert_int_equal(more, 1);
    assert_int_equal(csv.line, 1);
    assert_int_equal(csv.delim, ';');
    assert_int_equal(lk_side_csv_column(&csv, "zone"), 0); /* "Zone " trimmed, case-blind */
    assert_int_equal(lk_side_csv_column(&csv, "NAME"), 1);
    assert_int_equal(lk_side_csv_column(&csv, "member"), 2);
    assert_int_equal(lk_side_csv_column(&csv, "mem"), -1);
    assert_int_equal(lk_side_csv_next(&csv, &more), LK_OK);
    assert_int_equal(csv.line, 3); /* line 2 is empty */
    assert_int_equal(lk_side_csv_count(&csv), 3);
    assert_string_equal(lk_side_csv_cell(&csv, 0, &arena), "S1");
    assert_string_equal(lk_side_csv_cell(&csv, 1, &arena), "Sone \"A\"; s\xC3\xB8r"); /* unquoted, trimmed */
    assert_string_equal(lk_side_csv_cell(&csv, 2, &arena), "3301");
    assert_string_equal(lk_side_csv_cell(&csv, 3, &arena), "");
    assert_int_equal(lk_side_csv_next(&csv, &more), LK_OK); /* the last line has no line end */
    assert_int_equal(more, 1);
    assert_int_equal(csv.line, 4);
    assert_string_equal(lk_side_csv_cell(&csv, 2, &arena), "3312");
    assert_int_equal(lk_side_csv_next(&csv, &more), LK_OK);
    assert_int_equal(more, 0); /* the end */
    assert_int_equal(lk_side_csv_next(&csv, &more), LK_OK);
    assert_int_equal(more, 0); /* and it stays there */
    lk_side_csv_close(&csv);
    lk_side_csv_close(&csv); /* twice is fine */
    lk_arena_free(&arena);
    remove("side_test.csv");
}

/* A file that is not UTF-8 is Windows-1252: ø (0xF8) becomes C3 B8; `,` wins on the first line. */
static void test_latin1(void **state)
{
    (void)state;
    static const char text[] = "zone,name\nS1,T\xF8nsberg\n";
    write_bytes("side_test.csv", text, sizeof text - 1);
    lk_side_csv csv;
    assert_int_equal(lk_side_csv_open(&csv, "side_test.csv", "x"), LK_OK);
    lk_arena arena;
    lk_arena_init(&arena);
    int more;
    assert_int_equal(lk_side_csv_next(&csv, &more), LK_OK);
    assert_int_equal(lk_side_csv_next(&csv, &more), LK_OK);
    assert_int_equal(csv.delim, ',');
    assert_string_equal(lk_side_csv_cell(&csv, 1, &arena), "T\xC3\xB8nsberg");
    lk_side_csv_close(&csv);
    lk_arena_free(&arena);
    remove("side_test.csv");
}

/* Each problem with the line and field, as the project writes errors. */
static void test_messages(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t len;
        int status;
        const char *msg;
    } cases[] = {
        { "a,b\n\"x\"y,b\n", 11, LK_EDATA, "side_test.csv:2: malformed quotes in field 1 (expected a test file)" },
        { "a,b\nx,\"y\n", 9, LK_EDATA, "side_test.csv:2: malformed quotes in field 2 (expected a test file)" },
        { "a,b\nx,y\"z\n", 10, LK_EDATA, "side_test.csv:2: malformed quotes in field 2 (expected a test file)" },
        { "a,b\n\nx,y,z\0w\n", 13, LK_EDATA,
          "side_test.csv:3: NUL byte in field 3 (expected text; is this a binary or UTF-16 file?)" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_bytes("side_test.csv", cases[i].text, cases[i].len);
        lk_side_csv csv;
        assert_int_equal(lk_side_csv_open(&csv, "side_test.csv", "a test file"), LK_OK);
        int more, rc;
        while ((rc = lk_side_csv_next(&csv, &more)) == LK_OK && more) {}
        assert_int_equal(rc, cases[i].status);
        assert_int_equal(more, 0);
        assert_string_equal(csv.errmsg, cases[i].msg);
        lk_side_csv_close(&csv);
    }
    lk_side_csv csv;
    remove("side_test.csv");
    assert_int_equal(lk_side_csv_open(&csv, "side_test.csv", "a test file"), LK_EIO);
    assert_string_equal(csv.errmsg, "side_test.csv: cannot read: No such file or directory");
    lk_side_csv_close(&csv);
}

/* A line of 1000000 fields (999999 commas) is read; one of 1000001 is over the limit. */
static void test_field_limit(void **state)
{
    (void)state;
    size_t n = 1000000;
    char *line = malloc(n + 1);
    memset(line, ',', n - 1);
    line[n - 1] = '\n';
    write_bytes("side_test.csv", line, n);
    lk_side_csv csv;
    int more;
    assert_int_equal(lk_side_csv_open(&csv, "side_test.csv", "a test file"), LK_OK);
    assert_int_equal(lk_side_csv_next(&csv, &more), LK_OK);
    assert_int_equal(lk_side_csv_count(&csv), 1000000);
    lk_side_csv_close(&csv);
    memset(line, ',', n);
    line[n] = '\n';
    write_bytes("side_test.csv", line, n + 1);
    assert_int_equal(lk_side_csv_open(&csv, "side_test.csv", "a test file"), LK_OK);
    assert_int_equal(lk_side_csv_next(&csv, &more), LK_ELIMIT);
    assert_string_equal(csv.errmsg, "side_test.csv:1: more than 1000000 fields (expected a test file)");
    lk_side_csv_close(&csv);
    free(line);
    remove("side_test.csv");
}

/* The zone list as the user sees it: a member line of 1000001 fields is refused by number
 * (the scanner used before let lines through up to its next doubling, 1048576 fields). */
static void test_zones_field_limit(void **state)
{
    (void)state;
    static const char head[] = "zone,name,member\nS1,A,3301";
    size_t h = sizeof head - 1, n = h + 999998 + 1; /* 3 fields + 999998 commas = 1000001 fields */
    char *text = malloc(n);
    memcpy(text, head, h);
    memset(text + h, ',', 999998);
    text[n - 1] = '\n';
    write_bytes("side_test.csv", text, n);
    free(text);
    lk_zones *z;
    assert_int_equal(lk_zones_load(&z, "side_test.csv"), LK_ELIMIT);
    assert_string_equal(lk_zones_errmsg(z), "side_test.csv:2: more than 1000000 fields (expected zone,name,member)");
    lk_zones_free(z);
    remove("side_test.csv");
}

/* A file longer than the first buffer (64 KiB) whose buffer cannot grow is out of memory, not
 * read as the part that fitted. */
static void test_cannot_grow(void **state)
{
    (void)state;
    size_t n = 70000;
    char *text = malloc(n);
    memset(text, 'x', n);
    text[n - 1] = '\n';
    write_bytes("side_test.csv", text, n);
    free(text);
    lk_side_csv csv;
    fail_realloc = 1;
    assert_int_equal(lk_side_csv_open(&csv, "side_test.csv", "a test file"), LK_ENOMEM);
    assert_int_equal(fail_realloc, 0); /* the realloc was made */
    assert_string_equal(csv.errmsg, "side_test.csv: cannot read: Cannot allocate memory");
    lk_side_csv_close(&csv);
    assert_int_equal(lk_side_csv_open(&csv, "side_test.csv", "a test file"), LK_OK);
    assert_int_equal(csv.len, 70000);
    lk_side_csv_close(&csv);
    remove("side_test.csv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_fields),
        cmocka_unit_test(test_latin1),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_field_limit),
        cmocka_unit_test(test_zones_field_limit),
        cmocka_unit_test(test_cannot_grow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
