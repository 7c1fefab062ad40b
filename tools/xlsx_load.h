/* libxlsxwriter loaded when a workbook is written (xlsx_load.c), not linked: linking it maps
 * libxlsxwriter, minizip, zlib and libcrypto into every run: a 1,000-row report took 7.1 ms so,
 * 5.9 ms without (measured, bench/README.md), for the one command that writes .xlsx. The headers still give the types; the functions come from this table. */
#ifndef LK_XLSX_LOAD_H
#define LK_XLSX_LOAD_H

#include <xlsxwriter.h>

typedef struct lk_xlsx_api {
    lxw_workbook *(*workbook_new_opt)(const char *filename, lxw_workbook_options *options);
    lxw_worksheet *(*workbook_add_worksheet)(lxw_workbook *workbook, const char *sheetname);
    lxw_format *(*workbook_add_format)(lxw_workbook *workbook);
    lxw_error (*workbook_close)(lxw_workbook *workbook);
    lxw_error (*worksheet_write_number)(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double number, lxw_format *format);
    lxw_error (*worksheet_write_string)(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *string, lxw_format *format);
    lxw_error (*worksheet_set_column)(lxw_worksheet *ws, lxw_col_t first, lxw_col_t last, double width, lxw_format *format);
    void (*worksheet_freeze_panes)(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col);
    void (*format_set_num_format)(lxw_format *format, const char *num_format);
    void (*format_set_text_wrap)(lxw_format *format);
    void (*format_set_bold)(lxw_format *format);
    char *(*lxw_strerror)(lxw_error error_num);
} lk_xlsx_api;

#define LK_XLSX_WHY_MAX 256

/* The functions, loaded once (libxlsxwriter.so.4, Debian's libxlsxwriter4); NULL when the library
 * or one of them is missing, with why (LK_XLSX_WHY_MAX bytes, may be NULL) saying so. */
const lk_xlsx_api *lk_xlsx(char *why);

#endif
