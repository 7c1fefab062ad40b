/* libxlsxwriter loaded on first use (xlsx_load.h says why), as lib/fetch/curl_load.c loads
 * libcurl. The command is single-threaded where it writes a workbook, so no once-guard. */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include "xlsx_load.h"

static lk_xlsx_api api;
static int loaded; /* 1 loaded, -1 failed */
static char failed[LK_XLSX_WHY_MAX];

/* dlsym gives an object pointer; C has no portable cast to a function pointer, so it is copied */
static int sym(void *h, const char *name, void *fn, size_t size)
{
    void *p = dlsym(h, name);
    if (!p) {
        snprintf(failed, sizeof failed, "libxlsxwriter has no %s (expected libxlsxwriter 1.1 or later)", name);
        return 0;
    }
    memcpy(fn, &p, size);
    return 1;
}

static void load(void)
{
    void *h = dlopen("libxlsxwriter.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(failed, sizeof failed, "cannot load libxlsxwriter (install libxlsxwriter4: apt-get install libxlsxwriter4): %s",
                 dlerror());
        loaded = -1;
        return;
    }
#define LK_SYM(f) sym(h, #f, &api.f, sizeof api.f)
    int ok = LK_SYM(workbook_new_opt) && LK_SYM(workbook_add_worksheet) && LK_SYM(workbook_add_format)
             && LK_SYM(workbook_close) && LK_SYM(worksheet_write_number) && LK_SYM(worksheet_write_string)
             && LK_SYM(worksheet_set_column) && LK_SYM(worksheet_freeze_panes) && LK_SYM(format_set_num_format)
             && LK_SYM(format_set_text_wrap) && LK_SYM(format_set_bold) && LK_SYM(lxw_strerror);
#undef LK_SYM
    loaded = ok ? 1 : -1; /* the handle stays open for the process */
}

const lk_xlsx_api *lk_xlsx(char *why)
{
    if (!loaded) load();
    if (loaded == 1) return &api;
    if (why) snprintf(why, LK_XLSX_WHY_MAX, "%s", failed);
    return NULL;
}
