/* Encodings: UTF-8 validation, Windows-1252 → UTF-8, and repair of doubly-encoded text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "common/encoding.h"

static void test_utf8_validation(void **state)
{
    (void)state;
    const unsigned char ok[] = "\xC3\x85r \xC3\xB8 \xE2\x80\x93 \xF0\x9F\x98\x80";
    assert_int_equal(lk_utf8_valid_prefix(ok, sizeof ok - 1, 0), sizeof ok - 1);
    const unsigned char latin1[] = "Nes (\xD8stfold) \xE5r";
    assert_int_equal(lk_utf8_valid_prefix(latin1, sizeof latin1 - 1, 0), 5);
    const unsigned char overlong[] = "a\xC0\xAF";
    assert_int_equal(lk_utf8_valid_prefix(overlong, 3, 0), 1);
    const unsigned char surrogate[] = "\xED\xA0\x80";
    assert_int_equal(lk_utf8_valid_prefix(surrogate, 3, 0), 0);
    const unsigned char cut[] = "ab\xC3";
    assert_int_equal(lk_utf8_valid_prefix(cut, 3, 0), 2);
    assert_int_equal(lk_utf8_valid_prefix(cut, 3, 1), 3); /* the rest is still to come */
    /* long ASCII runs are skipped eight bytes at a time: a bad byte at every position of a
     * 41-byte text is still found where it is, and a good "å" anywhere passes */
    unsigned char buf[41];
    for (size_t at = 0; at < sizeof buf; at++) {
        memset(buf, 'a', sizeof buf);
        buf[at] = 0xE5; /* Latin-1 å: not UTF-8 */
        assert_int_equal(lk_utf8_valid_prefix(buf, sizeof buf, 0), at);
        assert_int_equal(lk_has_non_ascii(buf, sizeof buf), 1);
        if (at + 1 < sizeof buf) {
            buf[at] = 0xC3;
            buf[at + 1] = 0xA5;
            assert_int_equal(lk_utf8_valid_prefix(buf, sizeof buf, 0), sizeof buf);
        }
    }
    memset(buf, 'a', sizeof buf);
    assert_int_equal(lk_has_non_ascii(buf, sizeof buf), 0);
    assert_int_equal(lk_utf8_valid_prefix(buf, sizeof buf, 0), sizeof buf);
}

static void test_cp1252(void **state)
{
    (void)state;
    char out[64];
    const unsigned char in[] = "\xD8vre Eiker \xE5r \x80 \x85 \x96";
    size_t n = lk_cp1252_to_utf8(out, in, sizeof in - 1);
    out[n] = '\0';
    assert_string_equal(out, "\xC3\x98vre Eiker \xC3\xA5r \xE2\x82\xAC \xE2\x80\xA6 \xE2\x80\x93");
    assert_true(lk_cp1252_undefined(0x81));
    assert_false(lk_cp1252_undefined(0x85));
}

static void test_double_encoding_repair(void **state)
{
    (void)state;
    /* "År" → UTF-8 C3 85 72, read as Latin-1 ("Ã" + NEL), written as UTF-8 again. */
    char s[] = "\xC3\x83\xC2\x85r og T\xC3\x83\xC2\xB8nsberg";
    size_t repaired = 0;
    size_t n = lk_utf8_repair_double(s, strlen(s), &repaired);
    s[n] = '\0';
    assert_string_equal(s, "\xC3\x85r og T\xC3\xB8nsberg");
    assert_int_equal(repaired, 2);
    char plain[] = "Tr\xC3\xB8ndelag";
    repaired = 0;
    assert_int_equal(lk_utf8_repair_double(plain, strlen(plain), &repaired), strlen(plain));
    assert_int_equal(repaired, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_validation),
        cmocka_unit_test(test_cp1252),
        cmocka_unit_test(test_double_encoding_repair),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
