/* A file that changes while it is read is an error (LK_EIO, one message, no observations taken
 * as the file's): the size and modification time at opening are checked again at the end of
 * the file and of each part of a split file, and an end of file before the size at opening, or
 * more bytes than it, stops the read. The changes are made by the observation callback, so each
 * case happens at the same point of the reading every time. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "levekar.h"

#define CHANGED ": changed while it was read (size or modification time differs; expected a file that stays the same)"

typedef enum { DO_NOTHING, DO_TRUNCATE, DO_APPEND, DO_TOUCH } change;

typedef struct job {
    const char *path;
    change what;
    off_t size;         /* DO_TRUNCATE: the new size */
    size_t seen;        /* observations delivered */
    double last;        /* the last value delivered */
} job;

static char dir[64];
static char path[128];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/lk-changes-XXXXXX");
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

/* The same size, another modification time: a rewrite in place (set outright, so the test does
 * not depend on the clock's resolution). */
static void touch_back(void)
{
    int fd = open(path, O_WRONLY);
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, "\"", 1, 0), 1); /* the first byte is a quote already */
    struct timespec t[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
    assert_int_equal(futimens(fd, t), 0);
    close(fd);
}

static void make_change(job *j)
{
    switch (j->what) {
    case DO_TRUNCATE: assert_int_equal(truncate(j->path, j->size), 0); break;
    case DO_APPEND: {
        FILE *f = fopen(j->path, "ab");
        assert_non_null(f);
        fputs("\"3312 Lier\";\"2024\";9\r\n", f);
        fclose(f);
        break;
    }
    case DO_TOUCH: touch_back(); break;
    default: break;
    }
}

/* Changes the file on the first observation. */
static int on_obs(const lk_obs *o, void *payload)
{
    job *j = payload;
    if (j->seen++ == 0) make_change(j);
    j->last = o->has_value ? o->value : -1;
    return 0;
}

/* A long export (Latin-1, CRLF, as SSB writes it) of about `bytes` bytes; the last row's value
 * is 113. */
static char *big_export(size_t bytes, size_t *len)
{
    size_t cap = bytes + 256, n = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    n += (size_t)sprintf(b + n, "\"region\";\"alder\";\"\xE5r\";\"Personer\"\r\n");
    for (unsigned i = 0; n + 64 < bytes; i++)
        n += (size_t)sprintf(b + n, "\"%04u Sted\";\"%u \xE5r\";\"2023\";%u\r\n", 1000 + i / 100, i % 100, i % 1000);
    n += (size_t)sprintf(b + n, "\"9999 Sist\";\"0 \xE5r\";\"2023\";113\r\n");
    *len = n;
    return b;
}

static int run_file(job *j)
{
    lk_reader *r = NULL;
    int rc = lk_reader_open_ex(&r, path, NULL);
    if (rc == LK_OK) rc = lk_reader_run(r, on_obs, j);
    if (rc == LK_EIO) {
        char want[256];
        snprintf(want, sizeof want, "%s%s", path, CHANGED);
        assert_string_equal(lk_reader_errmsg(r), want);
    }
    lk_reader_free(r);
    return rc;
}

static const char small[] = "\"region\";\"\xE5r\";\"Personer\"\r\n"
                            "\"3301 Drammen\";\"2023\";5\r\n"
                            "\"3312 Lier\";\"2023\";113\r\n";

/* The whole file is in the buffer before the first observation: only the check at the end can
 * see the change. */
static void test_small_file_changed(void **state)
{
    (void)state;
    job j = { path, DO_NOTHING, 0, 0, 0 };
    write_file(small, sizeof small - 1);
    assert_int_equal(run_file(&j), LK_OK);
    assert_int_equal(j.seen, 2);

    j = (job){ path, DO_TRUNCATE, 0, 0, 0 };
    write_file(small, sizeof small - 1);
    assert_int_equal(run_file(&j), LK_EIO);

    j = (job){ path, DO_APPEND, 0, 0, 0 };
    write_file(small, sizeof small - 1);
    assert_int_equal(run_file(&j), LK_EIO);

    j = (job){ path, DO_TOUCH, 0, 0, 0 };
    write_file(small, sizeof small - 1);
    assert_int_equal(run_file(&j), LK_EIO);
}

/* A file cut inside its last number while it is read: the reader would see "11" for 113 and
 * end as if the file ended there. */
static void test_number_cut(void **state)
{
    (void)state;
    size_t len;
    char *b = big_export(3u << 20, &len);
    write_file(b, len);
    job j = { path, DO_NOTHING, 0, 0, 0 };
    assert_int_equal(run_file(&j), LK_OK);
    assert_true(j.last == 113);

    write_file(b, len);
    j = (job){ path, DO_TRUNCATE, (off_t)len - 3, 0, 0 }; /* "113\r\n" -> "11" */
    assert_int_equal(run_file(&j), LK_EIO);

    write_file(b, len);
    j = (job){ path, DO_APPEND, 0, 0, 0 };
    assert_int_equal(run_file(&j), LK_EIO);
    free(b);
}

/* Each part of a split file checks the file it reads (report reads big files in two threads). */
static void test_split_parts_changed(void **state)
{
    (void)state;
    size_t len;
    char *b = big_export(5u << 20, &len);
    for (int c = 0; c < 4; c++) {
        write_file(b, len);
        lk_reader *r = NULL, *p2 = NULL;
        assert_int_equal(lk_reader_open_ex(&r, path, NULL), LK_OK);
        assert_int_equal(lk_reader_split(r, &p2, 0), LK_OK);
        assert_non_null(p2);
        job j1 = { path, DO_NOTHING, 0, 0, 0 }, j2 = j1;
        int want1 = LK_OK, want2 = LK_OK;
        if (c == 1) { /* cut in the first part, after its first MiB: both parts end early */
            j1.what = DO_TRUNCATE;
            j1.size = (off_t)(len / 4);
            want1 = want2 = LK_EIO;
        } else if (c == 2) { /* grown while the second part is read */
            j2.what = DO_APPEND;
            want2 = LK_EIO;
        } else if (c == 3) { /* rewritten in place after the opening: the first part's bytes may be old */
            touch_back();
            want1 = want2 = LK_EIO;
        }
        int rc1 = lk_reader_run(r, on_obs, &j1), rc2 = lk_reader_run(p2, on_obs, &j2);
        if (rc1 != want1 || rc2 != want2)
            fprintf(stderr, "case %d: %d %s / %d %s\n", c, rc1, lk_reader_errmsg(r), rc2, lk_reader_errmsg(p2));
        assert_int_equal(rc1, want1);
        assert_int_equal(rc2, want2);
        char want[256];
        snprintf(want, sizeof want, "%s%s", path, CHANGED);
        if (want1 == LK_EIO) assert_string_equal(lk_reader_errmsg(r), want);
        if (want2 == LK_EIO) assert_string_equal(lk_reader_errmsg(p2), want);
        if (c == 0) assert_true(j1.seen + j2.seen > 100000 && j1.seen > 0 && j2.seen > 0);
        lk_reader_free(p2);
        lk_reader_free(r);
    }
    free(b);
}

/* Memory input cannot change, and a pipe has no size to compare: both read as before. */
static void test_not_regular_files(void **state)
{
    (void)state;
    lk_reader *r;
    assert_int_equal(lk_reader_open_memory(&r, "m.csv", small, sizeof small - 1, NULL), LK_OK);
    assert_int_equal(lk_reader_run(r, NULL, NULL), LK_OK);
    lk_reader_free(r);
    char fifo[160];
    snprintf(fifo, sizeof fifo, "%s/p.csv", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        FILE *f = fopen(fifo, "wb");
        if (f) {
            fwrite(small, 1, sizeof small - 1, f);
            fclose(f);
        }
        _exit(0);
    }
    assert_int_equal(lk_reader_open_ex(&r, fifo, NULL), LK_OK);
    assert_int_equal(lk_reader_run(r, NULL, NULL), LK_OK);
    assert_int_equal(lk_reader_info(r)->observations, 2);
    lk_reader_free(r);
    waitpid(pid, NULL, 0);
    unlink(fifo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_small_file_changed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_number_cut, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split_parts_changed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_regular_files, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
