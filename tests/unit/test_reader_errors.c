/* Bad input: each case gives one message "FILE:LINE: what is wrong (expected ...)" and an error
 * status, never a silent skip or a partial success. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fixture.h"

static void expect_error(const char *bytes, size_t len, int rc, const char *message_start)
{
    fx_run r = fx_read(bytes, len, 0);
    if (r.rc != rc || strncmp(r.err, message_start, strlen(message_start)) != 0)
        fprintf(stderr, "got rc %d: %s\n", r.rc, r.err);
    assert_int_equal(r.rc, rc);
    assert_true(strncmp(r.err, message_start, strlen(message_start)) == 0);
    assert_non_null(strstr(r.err, "(expected"));
    fx_free(&r);
    /* The reference splitter fails the same way. */
    r = fx_read(bytes, len, 1);
    assert_int_equal(r.rc, rc);
    assert_true(strncmp(r.err, message_start, strlen(message_start)) == 0);
    fx_free(&r);
}

#define EXPECT(bytes, rc, msg) expect_error(bytes, sizeof(bytes) - 1, rc, msg)

static void test_empty_and_header_only(void **state)
{
    (void)state;
    EXPECT("", LK_EDATA, "t.csv:1: empty file");
    EXPECT("\r\n\r\n", LK_EDATA, "t.csv:1: empty file");
    EXPECT("\"region\";\"\xE5r\";\"Personer\"\r\n", LK_EDATA, "t.csv:1: no data rows found");
    EXPECT("\"07459: Befolkning\"\r\n\r\n\"region\";\"\xE5r\";\"Personer\"\r\n", LK_EDATA, "t.csv:3: no data rows found");
}

static void test_ragged_rows(void **state)
{
    (void)state;
    EXPECT("\"region\";\"\xE5r\";\"Personer\"\r\n\"3301 Drammen\";\"2023\";5\r\n\"3301 Drammen\";\"2024\"\r\n",
           LK_EDATA, "t.csv:3: 2 fields (expected 3 as in the header on line 1)");
    EXPECT("\"region\";\"\xE5r\";\"Personer\"\r\n\"3301 Drammen\";\"2023\";5\r\n\"3301 Drammen\";\"2024\";5;7\r\n",
           LK_EDATA, "t.csv:3: 4 fields (expected 3 as in the header on line 1)");
}

static void test_quotes(void **state)
{
    (void)state;
    EXPECT("\"region\";\"\xE5r\";\"Personer\"\n\"3301 Drammen\";\"2023\";5\n\"3301 Drammen\";\"20\"23\";5\n",
           LK_EDATA, "t.csv:3: stray quote in field 2");
    EXPECT("\"region\";\"\xE5r\";\"Personer\"\n\"3301 Drammen\";\"2023\";5\n\"3301 Drammen;\"2024\";5\n",
           LK_EDATA, "t.csv:3: stray quote in field 1");
    EXPECT("\"region\";\"\xE5r\";\"Personer\"\n\"3301 Drammen\";\"2023\";5\n\"3301 Drammen\";\"2024;5\n",
           LK_EDATA, "t.csv:3: quote opened in field 2 is not closed on this line");
}

static void test_bad_bytes(void **state)
{
    (void)state;
    /* 0x81 is undefined in Windows-1252 and cannot start a UTF-8 sequence. */
    EXPECT("\"region\";\"\xE5r\";\"Personer\"\n\"3301 Dr\x81mmen\";\"2023\";5\n", LK_EDATA,
           "t.csv:2: byte 0x81 is neither UTF-8 nor ISO-8859-1/Windows-1252 text");
    /* UTF-8 and Latin-1 in one file is an error, not a silent choice of one. */
    EXPECT("\"region\";\"\xC3\xA5r\";\"Personer\"\n\"3301 Drammen\";\"2023\";5\n\"1506 \xC5lesund\";\"2023\";5\n",
           LK_EDATA, "t.csv:1: UTF-8 text '\xC3\xA5r' in a file that also has ISO-8859-1 bytes");
    EXPECT("\"region\";\"\xE5r\";\"Personer\"\n\"3301 Drammen\";\"2023\";5\n\"3301 Drammen\";\"20\0" "24\";5\n",
           LK_EDATA, "t.csv:3: NUL byte");
    EXPECT("\xFF\xFE\"\0r\0", LK_EDATA, "t.csv:1: UTF-16 text");
    EXPECT("\"region\";\"\xE5r\";\"Personer\"\n\"3301 Drammen\";\"2023\";5\r5\n", LK_EDATA,
           "t.csv:2: carriage return inside the line");
}

static void test_layouts_not_understood(void **state)
{
    (void)state;
    EXPECT("just some text\nand more\n", LK_EDATA, "t.csv:1: no column delimiter found");
    EXPECT("\"region\";\"kategori\"\n\"3301 Drammen\";\"a\"\n\"3301 Drammen\";\"b\"\n", LK_EDATA,
           "t.csv:3: no data rows found");
}

static void test_bad_cells(void **state)
{
    (void)state;
    EXPECT("\"region\";\"\xE5r\";\"Personer\"\n\"3301 Drammen\";\"2023\";1e400\n", LK_EDATA,
           "t.csv:2: number '1e400' in column 3 is out of range");
    EXPECT("\"region\";\"\xE5r\";\"A\";\"B\"\n\"3301 Drammen\";\"2023\";1.5;2\n\"3301 Drammen\";\"2024\";2,5;2\n",
           LK_EDATA, "t.csv:3: number '2,5' in column 3 uses the decimal mark ','");
    EXPECT("\"region\";\"\xE5r\";\"Personer\"\n\"3301 Drammen\";\"2023\";5\n\"3301 Drammen\";\"20x3\";5\n",
           LK_EDATA, "t.csv:3: '20x3' in column '\xC3\xA5r' is not a period");
    EXPECT("GEO;AAR;TELLER\n301;2024_2024;5\nOslo;2024_2024;5\n", LK_EDATA,
           "t.csv:3: 'Oslo' in column GEO is not an FHI region number");
    EXPECT("GEO;AAR;TELLER;SPVFLAGG\n301;2024_2024;5;0\n301;2023_2023;5;8\n", LK_EDATA,
           "t.csv:3: '8' in column SPVFLAGG is not a known FHI flag");
}

static void test_data_after_footnotes(void **state)
{
    (void)state;
    EXPECT("region;Personer 2023\n3301 Drammen;5\nKilde:;\n3312 Lier;7\n", LK_EDATA,
           "t.csv:4: data row after the footnotes that began on line 3");
}

/* Past the first window the encoding is fixed: a Latin-1 byte after UTF-8 text is an error. */
static void test_late_encoding_change(void **state)
{
    (void)state;
    size_t rows = 60000, n = 0;
    char *buf = malloc(rows * 40 + 200);
    n += (size_t)sprintf(buf + n, "\"region\";\"\xC3\xA5r\";\"Personer\"\n");
    for (size_t i = 0; i < rows; i++)
        n += (size_t)sprintf(buf + n, "\"%04zu Kommune\";\"%zu\";%zu\n", 100 + i % 5000, 2000 + i / 5000, i);
    n += (size_t)sprintf(buf + n, "\"1506 \xC5lesund\";\"2023\";5\n");
    fx_run r = fx_read(buf, n, 0);
    assert_int_equal(r.rc, LK_EDATA);
    char expected[64];
    sprintf(expected, "t.csv:%zu: invalid UTF-8 (byte 0xC5", rows + 2);
    assert_true(strncmp(r.err, expected, strlen(expected)) == 0);
    fx_free(&r);
    free(buf);
}

/* 100,000 columns are read; more than 1,000,000 are refused with a message. */
static void test_very_wide(void **state)
{
    (void)state;
    size_t n = 100000, cap = n * 16 + 64, o = 0;
    char *buf = malloc(cap);
    o += (size_t)sprintf(buf + o, "region");
    for (size_t i = 0; i < n; i++) o += (size_t)sprintf(buf + o, ";c%zu", i);
    o += (size_t)sprintf(buf + o, "\n3301 Drammen");
    for (size_t i = 0; i < n; i++) o += (size_t)sprintf(buf + o, ";%zu", i);
    buf[o++] = '\n';
    fx_run r = fx_read(buf, o, 0);
    assert_int_equal(r.rc, LK_OK);
    assert_int_equal(lk_reader_info(r.reader)->observations, n);
    fx_free(&r);
    free(buf);
}

static void test_line_too_long(void **state)
{
    (void)state;
    size_t n = (17u << 20) + 100;
    char *buf = malloc(n);
    size_t o = (size_t)sprintf(buf, "\"region\";\"\xE5r\";\"Personer\"\n\"3301 Drammen\";\"2023\";5\n\"");
    memset(buf + o, 'a', n - o);
    fx_run r = fx_read(buf, n, 0);
    assert_int_equal(r.rc, LK_ELIMIT);
    assert_string_equal(r.err, "t.csv:3: line longer than 16 MiB (expected lines of a CSV table)");
    fx_free(&r);
    /* The same line first in the file. */
    memset(buf, 'a', n);
    r = fx_read(buf, n, 0);
    assert_int_equal(r.rc, LK_ELIMIT);
    assert_string_equal(r.err, "t.csv:1: line longer than 16 MiB (expected lines of a CSV table)");
    fx_free(&r);
    free(buf);
}

static int stop_at_second(const lk_obs *obs, void *payload)
{
    (void)obs;
    return ++*(int *)payload == 2;
}

/* The same labels twice would be counted twice: an error naming both lines. */
static void test_duplicate_rows(void **state)
{
    (void)state;
    EXPECT("\"region\";\"\xE5r\";\"Personer\"\n\"3301 Drammen\";\"2023\";5\n\"3312 Lier\";\"2023\";6\n\"3301 Drammen\";\"2023\";5\n",
           LK_EDATA, "t.csv:4: the same labels as line 2 (3301 Drammen, 2023) (expected each combination once");
    /* without options too (the second pass that finds line 2 copies the reader's options) */
    static const char twice[] = "\"region\";\"\xE5r\";\"Personer\"\n\"3301 Drammen\";\"2023\";5\n\"3301 Drammen\";\"2023\";5\n";
    lk_reader *rd;
    assert_int_equal(lk_reader_open_memory(&rd, "t.csv", twice, sizeof twice - 1, NULL), LK_OK);
    assert_int_equal(lk_reader_run(rd, NULL, NULL), LK_EDATA);
    assert_string_equal(lk_reader_errmsg(rd), "t.csv:3: the same labels as line 2 (3301 Drammen, 2023) (expected each "
                                              "combination once: a duplicate would be counted twice)");
    lk_reader_free(rd);
    /* a wide row may repeat nothing: its value columns are different observations */
    fx_run r = fx_reads("\"region\";\"A 2023\";\"A 2024\"\n\"3301 Drammen\";5;5\n\"3312 Lier\";5;5\n");
    assert_int_equal(r.rc, LK_OK);
    fx_free(&r);
}

/* A bytes builder for generated files. */
typedef struct sbuf { char *p; size_t n, cap; } sbuf;
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int k = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0, fmt, ap);
        va_end(ap);
        assert_true(k >= 0);
        if (b->p && b->n + (size_t)k < b->cap) {
            b->n += (size_t)k;
            return;
        }
        b->cap = b->cap ? 2 * b->cap + (size_t)k : 4096 + (size_t)k;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
}

/* The check keeps a bit per combination of label numbers and lays its bitmaps out again as
 * columns gain labels. Here age a has the years 1990 .. 1990 + min(a, 29), so the year column
 * gains labels (and outgrows its capacity) until age 29: the 4,590 distinct rows are not taken
 * for repeats, and a repeat of any of a spread of earlier rows, whose bits moved in the later
 * re-layouts, is found and named. */
static void test_duplicate_after_growth(void **state)
{
    (void)state;
    sbuf b = { 0 };
    size_t starts[4600], n_rows = 0;
    sb_printf(&b, "\"region\";\"alder\";\"\xE5r\";\"statistikkvariabel\";\"Tabell\"\n");
    static const char *const regions[] = { "3301 Drammen", "3312 Lier", "3314 \xD8vre Eiker" };
    for (int g = 0; g < 3; g++)
        for (int a = 0; a < 40; a++)
            for (int y = 0; y <= (a < 29 ? a : 29); y++)
                for (int m = 0; m < 2; m++) {
                    starts[n_rows++] = b.n;
                    sb_printf(&b, "\"%s\";\"%d \xE5r\";\"%d\";\"%s\";\"%d\"\n", regions[g], a, 1990 + y,
                              m ? "Befolkning" : "Personer", g + a + y + m);
                }
    starts[n_rows] = b.n;
    assert_int_equal(n_rows, 4590); /* 3 x 2 x (1 + 2 + ... + 30 + 10 x 30) */
    fx_run r = fx_read(b.p, b.n, 0);
    assert_int_equal(r.rc, LK_OK);
    const lk_read_info *in = lk_reader_info(r.reader);
    assert_int_equal(in->duplicates_checked, 4590);
    assert_int_equal(in->duplicate_check_stopped, 0);
    fx_free(&r);
    size_t whole = b.n;
    static const size_t lines[] = { 2, 3, 5, 7, 12, 20, 33, 58, 77, 100, 250, 600, 1000, 1531, 1532, 3100, 4591 };
    for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++) {
        size_t row = lines[k] - 2, len = starts[row + 1] - starts[row];
        b.n = whole;
        sb_printf(&b, "%.*s", (int)len, b.p + starts[row]); /* line lines[k] again, as line 4592 */
        r = fx_read(b.p, b.n, 0);
        assert_int_equal(r.rc, LK_EDATA);
        char want[64];
        snprintf(want, sizeof want, "t.csv:4592: the same labels as line %zu (", lines[k]);
        if (strncmp(r.err, want, strlen(want)) != 0) fprintf(stderr, "got: %s\nwant: %s\n", r.err, want);
        assert_true(strncmp(r.err, want, strlen(want)) == 0);
        fx_free(&r);
    }
    free(b.p);
}

/* Labels that never repeat (an id per row in two columns) make the combinations grow with the
 * square of the rows: the check stops at its budget, says so, and the reading goes on. */
static void test_duplicate_check_budget(void **state)
{
    (void)state;
    sbuf b = { 0 };
    sb_printf(&b, "\"region\";\"id\";\"Personer\"\n");
    for (int i = 0; i < 12000; i++) sb_printf(&b, "\"%d Sted %d\";\"x%d\";%d\n", 100000 + i, i, i, i);
    fx_run r = fx_read(b.p, b.n, 0);
    assert_int_equal(r.rc, LK_OK);
    const lk_read_info *in = lk_reader_info(r.reader);
#ifdef LK_PLAIN
    /* the plain twin keeps a set entry per row, not a bit per combination: its budget is 8
     * million rows, and 12,000 fit */
    assert_int_equal(in->duplicate_check_stopped, 0);
    assert_int_equal(in->duplicates_checked, 12000);
#else
    assert_int_equal(in->duplicate_check_stopped, 1);
    assert_true(in->duplicates_checked > 1000);  /* sqrt(67 million) is about 8,200 */
    assert_true(in->duplicates_checked < 12000);
#endif
    assert_int_equal(in->observations, 12000);
    fx_free(&r);
    free(b.p);
}

static void test_callback_stops(void **state)
{
    (void)state;
    static const char bytes[] = "\"region\";\"\xE5r\";\"Personer\"\n\"3301 Drammen\";\"2023\";5\n\"3301 Drammen\";\"2024\";6\n";
    lk_reader *r;
    int seen = 0;
    assert_int_equal(lk_reader_open_memory(&r, "t.csv", bytes, sizeof bytes - 1, NULL), LK_OK);
    assert_int_equal(lk_reader_run(r, stop_at_second, &seen), LK_EUSER);
    assert_int_equal(seen, 2);
    assert_string_equal(lk_reader_errmsg(r), "t.csv:3: stopped by the caller");
    assert_int_equal(lk_reader_run(r, NULL, NULL), LK_EDATA); /* one run per reader */
    lk_reader_free(r);
}

/* A callback that says why it stops: the message carries its reason and the line. */
typedef struct stop_ctx { lk_reader *r; int seen; } stop_ctx;
static int stop_with_reason(const lk_obs *o, void *payload)
{
    stop_ctx *x = payload;
    (void)o;
    if (++x->seen < 2) return 0;
    lk_reader_stop_reason(x->r, "too many combinations (expected a few)");
    return 1;
}

static void test_callback_stops_with_reason(void **state)
{
    (void)state;
    static const char bytes[] = "\"region\";\"\xE5r\";\"Personer\"\n\"3301 Drammen\";\"2023\";5\n\"3301 Drammen\";\"2024\";6\n";
    stop_ctx x = { NULL, 0 };
    assert_int_equal(lk_reader_open_memory(&x.r, "t.csv", bytes, sizeof bytes - 1, NULL), LK_OK);
    assert_int_equal(lk_reader_run(x.r, stop_with_reason, &x), LK_EUSER);
    assert_string_equal(lk_reader_errmsg(x.r), "t.csv:3: too many combinations (expected a few)");
    lk_reader_stop_reason(NULL, "ignored"); /* NULL is a no-op */
    lk_reader_free(x.r);
}

static void test_api_misuse(void **state)
{
    (void)state;
    lk_reader *r = (lk_reader *)1;
    /* one open semantics (#14.6): the handle holds the message, the caller frees it */
    assert_int_equal(lk_reader_open(&r, "/nonexistent/levekar/x.csv", NULL), LK_EIO);
    assert_non_null(r);
    assert_non_null(strstr(lk_reader_errmsg(r), "/nonexistent/levekar/x.csv: cannot open: "));
    lk_reader_free(r);
    assert_int_equal(lk_reader_open_ex(&r, "/nonexistent/levekar/x.csv", NULL), LK_EIO);
    assert_non_null(r);
    assert_non_null(strstr(lk_reader_errmsg(r), "/nonexistent/levekar/x.csv: cannot open: "));
    lk_reader_free(r);
    assert_int_equal(lk_reader_open(NULL, "x", NULL), LK_EINVAL);
    assert_int_equal(lk_reader_run(NULL, NULL, NULL), LK_EINVAL);
    lk_read_opts bad = LK_READ_OPTS_INIT;
    bad.version = 99;
    assert_int_equal(lk_reader_open_memory(&r, "t", "a;b\n1;2\n", 8, &bad), LK_EINVAL);
    lk_reader_free(NULL);
    assert_non_null(lk_reader_errmsg(NULL));
}


/* Only exports are data: a CSV with neither regions, periods nor a measure column is refused
 * with what an export looks like, at its header line. */
static void test_not_an_export(void **state)
{
    (void)state;
    EXPECT("a,b,c\n1,2,3\n", LK_EDATA,
           "t.csv:1: no region, period or measure column (expected an export from SSB or FHI: label columns "
           "such as \"region\", \"\xC3\xA5r\" or \"statistikkvariabel\" beside the numbers, or regions and years in "
           "the headers; or levekar's tidy CSV with its header table,region,region_name,level,period,measure,"
           "dims,value,status)");
    EXPECT("\"Tabell 1: noe\"\r\n\r\n\"kj\xF8nn\";\"alder\";\"Personer\"\r\n\"Menn\";\"15-74 \xE5r\";5\r\n"
           "\"Kvinner\";\"15-74 \xE5r\";6\r\n", LK_EDATA, "t.csv:3: no region, period or measure column (expected");
}

/* Two value columns with the same header would count their observations twice. */
static void test_same_value_headers(void **state)
{
    (void)state;
    EXPECT("\"region\";\"2023\";\"2023\"\r\n\"3301 Drammen\";5;6\r\n", LK_EDATA,
           "t.csv:1: columns 2 and 3 have the same header \"2023\" (expected one column per combination of the "
           "labels in the header: the second would count the same observations again)");
    EXPECT("\"12345: Befolkning, etter region, statistikkvariabel og \xE5r\"\r\n\r\n"
           "\"region\";\"Personer 2022\";\"Personer 2023\";\"Personer 2023\"\r\n\"K_3301 Drammen\";1;2;3\r\n",
           LK_EDATA, "t.csv:3: columns 3 and 4 have the same header \"Personer 2023\" (expected");
    /* two identical glued headers (region, name and age in one cell) */
    EXPECT("\"10540: Registrerte arbeidsledige, etter \xE5r, region og alder\"\r\n"
           "\"\xE5r\";\"0 Hele landet 15-24 \xE5r\";\"3301 Drammen 15-24 \xE5r\";\"3301 Drammen 15-24 \xE5r\"\r\n"
           "\"2024\";2.1;3.3;3.3\r\n",
           LK_EDATA, "t.csv:2: columns 3 and 4 have the same header \"3301 Drammen 15-24 \xC3\xA5r\" (expected");
    /* other words, the same observations */
    EXPECT("\"region\";\"Personer 2023\";\"2023 Personer\"\r\n\"3301 Drammen\";5;6\r\n", LK_EDATA,
           "t.csv:1: columns 2 and 3 (\"Personer 2023\" and \"2023 Personer\") name the same observations (expected");
}

/* Two exports joined into one file: the second header row is reported at its own line, inside
 * the first window (format detection) and after it (the run), and when only the label columns'
 * names repeat (the second export has other years). */
static void test_header_row_again(void **state)
{
    (void)state;
    static const char one[] = "\"07459: Befolkning, etter region, alder, statistikkvariabel og \xE5r\"\r\n"
                              "\"region\";\"alder\";\"\xE5r\";\"Personer\"\r\n"
                              "\"3301 Drammen\";\"0-4 \xE5r\";\"2023\";5060\r\n"
                              "\"3312 Lier\";\"0-4 \xE5r\";\"2023\";1200\r\n";
    char two[2 * sizeof one];
    memcpy(two, one, sizeof one - 1);
    memcpy(two + sizeof one - 1, one, sizeof one - 1);
    expect_error(two, 2 * (sizeof one - 1), LK_EDATA,
                 "t.csv:6: the header row again, as on line 2 (expected one table per file: two exports joined "
                 "into one file are read as two files)");
    /* without the title: the header right below the data */
    EXPECT("\"region\";\"alder\";\"\xE5r\";\"Personer\"\r\n\"3301 Drammen\";\"0-4 \xE5r\";\"2023\";5060\r\n"
           "\"3312 Lier\";\"0-4 \xE5r\";\"2023\";1200\r\n\"region\";\"alder\";\"\xE5r\";\"Personer\"\r\n"
           "\"3301 Drammen\";\"0-4 \xE5r\";\"2024\";5070\r\n",
           LK_EDATA, "t.csv:4: the header row again, as on line 1 (expected");
    EXPECT("\"region\";\"2022\";\"2023\"\r\n\"3301 Drammen\";5;6\r\n\"3303 Kongsberg\";7;8\r\n"
           "\"region\";\"2024\";\"2025\"\r\n\"3305 Ringerike\";1;2\r\n",
           LK_EDATA, "t.csv:4: the header row again, as on line 1 (expected");

    /* after the first window (2,000 lines) */
    sbuf b = { 0 };
    for (int k = 0; k < 3; k++) {
        b.n = 0;
        if (k == 1) sb_printf(&b, "\"07459: Befolkning, etter region, \xE5r og statistikkvariabel\"\r\n");
        sb_printf(&b, k == 2 ? ";2022;;2023;\r\n\"region\";\"Menn\";\"Kvinner\";\"Menn\";\"Kvinner\"\r\n"
                             : "\"region\";\"\xE5r\";\"Personer\"\r\n");
        for (int i = 0; i < 2100; i++)
            sb_printf(&b, k == 2 ? "\"%04d Sted\";%d;%d;%d;%d\r\n" : "\"%04d Sted\";\"2023\";%d\r\n", 1000 + i, i, i, i, i);
        if (k == 1) sb_printf(&b, "\"07459: Befolkning, etter region, \xE5r og statistikkvariabel\"\r\n");
        /* k == 2: the upper row of years alone takes the region from the row above (merged
         * cells) and would read as a repeat of that row */
        sb_printf(&b, k == 2 ? ";2022;;2023;\r\n\"region\";\"Menn\";\"Kvinner\";\"Menn\";\"Kvinner\"\r\n"
                             : "\"region\";\"\xE5r\";\"Personer\"\r\n");
        sb_printf(&b, k == 2 ? "\"9999 Sist\";1;2;3;4\r\n" : "\"9999 Sist\";\"2023\";1\r\n");
        char want[80];
        unsigned long line = k == 0 ? 2102 : k == 1 ? 2104 : 2103, first = k == 1 ? 2 : 1;
        snprintf(want, sizeof want, "t.csv:%lu: the header row again, as on line %lu (expected", line, first);
        expect_error(b.p, b.n, LK_EDATA, want);
    }
    free(b.p);
}


/* levekar's tidy CSV read back: what it cannot be, said at its line. */
static void test_tidy_bad_rows(void **state)
{
    (void)state;
#define TIDY_HEAD "table,region,region_name,level,period,measure,dims,value,status\n"
    EXPECT(TIDY_HEAD "07459,3301,Drammen,kommune,2023,Personer,,5,\n,3312,Lier,kommune,2023,Personer,,6,\n"
           "07459,3301,Drammen,kommune,2023,Personer,,7,\n",
           LK_EDATA, "t.csv:4: the same labels as line 2 (3301, kommune, 07459, 2023, Personer, ) (expected each "
           "combination once");
    /* two tidy outputs joined */
    EXPECT(TIDY_HEAD "07459,3301,Drammen,kommune,2023,Personer,,5,\n" TIDY_HEAD "07459,3301,Drammen,kommune,2024,Personer,,5,\n",
           LK_EDATA, "t.csv:3: the header row again, as on line 1 (expected");
    EXPECT(TIDY_HEAD "07459,3301,Drammen,county,2023,Personer,,5,\n", LK_EDATA,
           "t.csv:2: level 'county' (expected land, fylke, kommune, bydel, grunnkrets, zone, other or empty");
    EXPECT(TIDY_HEAD "07459,3301,Drammen,kommune,i fjor,Personer,,5,\n", LK_EDATA,
           "t.csv:2: 'i fjor' in column period is not a period (expected");
    EXPECT(TIDY_HEAD "07459,3301,Drammen,kommune,2023,Personer,,5;0,\n", LK_EDATA,
           "t.csv:2: value '5;0' is not a number (expected a number with a decimal point");
    EXPECT(TIDY_HEAD "07459,3301,Drammen,kommune,2023,Personer,,1e999,\n", LK_EDATA,
           "t.csv:2: value '1e999' is out of range (expected");
    EXPECT(TIDY_HEAD "07459,3301,Drammen,kommune,2023,Personer,alder,5,\n", LK_EDATA,
           "t.csv:2: dims 'alder' (expected name=value, several joined by '; '");
    EXPECT(TIDY_HEAD "07459,3301,Drammen,kommune,2023,Personer,,5\n", LK_EDATA,
           "t.csv:2: 8 fields (expected 9 as in the tidy header on line 1)");
    /* with the unit column (#13 A7): the width is that header's */
    EXPECT("table,region,region_name,level,period,measure,dims,unit,value,status\n"
           "07459,3301,Drammen,kommune,2023,Personer,,5,\n", LK_EDATA,
           "t.csv:2: 9 fields (expected 10 as in the tidy header on line 1)");
#undef TIDY_HEAD
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_header_only),
        cmocka_unit_test(test_ragged_rows),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_bad_bytes),
        cmocka_unit_test(test_layouts_not_understood),
        cmocka_unit_test(test_bad_cells),
        cmocka_unit_test(test_data_after_footnotes),
        cmocka_unit_test(test_late_encoding_change),
        cmocka_unit_test(test_very_wide),
        cmocka_unit_test(test_line_too_long),
        cmocka_unit_test(test_duplicate_rows),
        cmocka_unit_test(test_duplicate_after_growth),
        cmocka_unit_test(test_duplicate_check_budget),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_callback_stops_with_reason),
        cmocka_unit_test(test_api_misuse),
        cmocka_unit_test(test_not_an_export),
        cmocka_unit_test(test_same_value_headers),
        cmocka_unit_test(test_header_row_again),
        cmocka_unit_test(test_tidy_bad_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
