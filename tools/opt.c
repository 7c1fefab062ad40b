/* The option parser: every command's options checked by one function per kind, with one message
 * per error, so an option means the same in every command ("--geography 2024x" was refused by
 * tidy and taken as 2024 by report, which read it with atoi; coverage called "-o" without a
 * value an unknown option, tidy said it needed a file name). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "levekar.h"
#include "opt.h"

/* A whole decimal number and nothing else: "2024", not "2024x", " 2024" or "". */
static int whole_number(const char *v, long *out)
{
    if (!v || !*v || !(v[0] == '-' || (v[0] >= '0' && v[0] <= '9'))) return 0;
    char *end;
    long x = strtol(v, &end, 10);
    if (*end) return 0;
    *out = x;
    return 1;
}

/* The "(expected ...)" of a spec, written from its kind so that it says what the check takes. */
static void expected_text(const lk_opt_spec *s, char *buf, size_t size)
{
    switch (s->kind) {
    case LK_OPT_YEAR:
        snprintf(buf, size, "a year such as 2024");
        break;
    case LK_OPT_YEAR_LATEST:
        snprintf(buf, size, "a year such as 2024, or 'latest'");
        break;
    case LK_OPT_INT:
        snprintf(buf, size, "%s from %d to %d", s->what ? s->what : "a whole number", s->lo, s->hi);
        break;
    case LK_OPT_CHOICE: {
        size_t n = 0, u = 0;
        while (s->choices[n]) n++;
        buf[0] = '\0';
        for (size_t i = 0; i < n && u < size; i++) {
            int w = snprintf(buf + u, size - u, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", s->choices[i]);
            if (w < 0) break;
            u += (size_t)w;
        }
        break;
    }
    case LK_OPT_FRACTION:
        snprintf(buf, size, "%s", s->expected ? s->expected : "a number between 0 and 1, e.g. 0.95");
        break;
    default:
        snprintf(buf, size, "%s", s->expected ? s->expected : s->value ? s->value : "a value");
        break;
    }
}

static int check_value(const lk_opt_spec *s, const char *v, lk_opt_value *out)
{
    long x;
    switch (s->kind) {
    case LK_OPT_YEAR_LATEST:
        if (strcmp(v, "latest") == 0) {
            out->num = 0;
            return 1;
        }
        /* fall through */
    case LK_OPT_YEAR:
        if (!whole_number(v, &x) || x < 1900 || x > 2199) return 0;
        out->num = x;
        return 1;
    case LK_OPT_INT:
        if (!whole_number(v, &x) || x < s->lo || x > s->hi) return 0;
        out->num = x;
        return 1;
    case LK_OPT_CHOICE:
        for (long i = 0; s->choices[i]; i++)
            if (strcmp(v, s->choices[i]) == 0) {
                out->num = i;
                return 1;
            }
        return 0;
    case LK_OPT_FRACTION: {
        double d;
        if (lk_value_parse(&d, v, strlen(v), '.') != LK_OK || !(d > 0 && d < 1)) return 0;
        out->real = d;
        return 1;
    }
    case LK_OPT_CHECKED:
        return s->check(v, out);
    default:
        return 1;
    }
}

static int bad_value(const char *cmd, const char *shown, const lk_opt_spec *s, const char *v)
{
    char expected[256];
    expected_text(s, expected, sizeof expected);
    fprintf(stderr, "levekar %s: %s '%s' (expected %s)\n", cmd, shown, v, expected);
    return 0;
}

int lk_opt_check_value(const char *cmd, const lk_opt_spec *spec, const char *v, lk_opt_value *out)
{
    char shown[80];
    snprintf(shown, sizeof shown, "--%s", spec->name);
    if (!v || !check_value(spec, v, out)) return bad_value(cmd, shown, spec, v ? v : "");
    return 1;
}

/* The option of cmd named by the argument A (its first n bytes), or NULL. */
static const lk_opt *find(const lk_opt_cmd *cmd, const char *a, size_t n, size_t *index)
{
    size_t k = 0;
    for (size_t g = 0; g < cmd->n_groups; g++)
        for (size_t i = 0; i < cmd->groups[g].n; i++, k++) {
            const lk_opt *o = &cmd->groups[g].opts[i];
            int hit = a[1] == '-' ? strlen(o->spec->name) == n - 2 && strncmp(a + 2, o->spec->name, n - 2) == 0
                                  : n == 2 && o->spec->short_name && a[1] == o->spec->short_name;
            if (hit) {
                *index = k;
                return o;
            }
        }
    return NULL;
}

static size_t count_opts(const lk_opt_cmd *cmd)
{
    size_t k = 0;
    for (size_t g = 0; g < cmd->n_groups; g++) k += cmd->groups[g].n;
    return k;
}

static int add_to_list(lk_opt_value *val, const char *v)
{
    const char **l = realloc(val->list, (val->given + 1) * sizeof *l);
    if (!l) return 0;
    l[val->given] = v;
    val->list = l;
    return 1;
}

int lk_opt_parse(lk_opt_result *res, const lk_opt_cmd *cmd, int argc, char **argv)
{
    const char *c = cmd->name;
    memset(res, 0, sizeof *res);
    res->cmd = cmd;
    res->values = calloc(count_opts(cmd) + 1, sizeof *res->values);
    res->args = calloc((size_t)argc + 1, sizeof *res->args);
    if (!res->values || !res->args) {
        lk_opt_free(res);
        return lk_cli_nomem(NULL);
    }
    int ec = LK_OPT_CONTINUE, options_end = 0;
    for (int i = 1; i < argc && ec == LK_OPT_CONTINUE; i++) {
        const char *a = argv[i];
        if (options_end || a[0] != '-' || a[1] == '\0') {
            if (!cmd->args) {
                fprintf(stderr, "levekar %s: unexpected argument '%s' (see levekar %s --help)\n", c, a, c);
                ec = LK_EXIT_USAGE;
            } else {
                res->args[res->n_args++] = a;
            }
            continue;
        }
        if (strcmp(a, "--") == 0) {
            options_end = 1;
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            lk_opt_help(stdout, cmd);
            ec = LK_EXIT_OK;
            break;
        }
        /* "--name=value" as well as "--name value" */
        const char *eq = a[1] == '-' ? strchr(a, '=') : NULL;
        size_t n = eq ? (size_t)(eq - a) : strlen(a), k;
        char shown[80];
        snprintf(shown, sizeof shown, "%.*s", (int)(n < 70 ? n : 70), a);
        const lk_opt *o = find(cmd, a, n, &k);
        if (!o) {
            fprintf(stderr, "levekar %s: unknown option '%s' (see levekar %s --help)\n", c, shown, c);
            ec = LK_EXIT_USAGE;
            break;
        }
        const lk_opt_spec *s = o->spec;
        lk_opt_value *val = &res->values[k];
        if (s->kind == LK_OPT_FLAG) {
            if (eq) {
                fprintf(stderr, "levekar %s: %s takes no value (expected %s alone, not '%s')\n", c, shown, shown, a);
                ec = LK_EXIT_USAGE;
            }
            val->given++;
            val->num = 1;
            continue;
        }
        const char *v = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
        if (!v) {
            fprintf(stderr, "levekar %s: %s needs a value (expected %s)\n", c, shown, o->value ? o->value : s->value);
            ec = LK_EXIT_USAGE;
            break;
        }
        if (val->given && !(s->flags & LK_OPT_REPEAT)) {
            fprintf(stderr, "levekar %s: %s given twice ('%s', then '%s'; expected it once)\n", c, shown, val->str, v);
            ec = LK_EXIT_USAGE;
            break;
        }
        if (!check_value(s, v, val)) {
            bad_value(c, shown, s, v);
            ec = LK_EXIT_USAGE;
            break;
        }
        if ((s->flags & LK_OPT_REPEAT) && !add_to_list(val, v)) {
            ec = lk_cli_nomem(NULL);
            break;
        }
        val->str = v;
        val->given++;
    }
    if (ec != LK_OPT_CONTINUE) lk_opt_free(res);
    return ec;
}

int lk_opt_asks_help(const lk_opt_cmd *cmd, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) return 0;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) return 1;
        if (a[0] != '-' || a[1] == '\0' || (a[1] == '-' && strchr(a, '='))) continue;
        size_t k;
        const lk_opt *o = find(cmd, a, strlen(a), &k);
        if (o && o->spec->kind != LK_OPT_FLAG) i++; /* its value, whatever it looks like */
    }
    return 0;
}

void lk_opt_free(lk_opt_result *res)
{
    if (res->values) {
        size_t n = count_opts(res->cmd);
        for (size_t k = 0; k < n; k++) free(res->values[k].list);
    }
    free(res->values);
    free(res->args);
    res->values = NULL;
    res->args = NULL;
    res->n_args = 0;
}

const lk_opt_value *lk_opt_get(const lk_opt_result *res, const char *name)
{
    size_t k = 0;
    for (size_t g = 0; g < res->cmd->n_groups; g++)
        for (size_t i = 0; i < res->cmd->groups[g].n; i++, k++)
            if (strcmp(res->cmd->groups[g].opts[i].spec->name, name) == 0) return &res->values[k];
    /* a name the table does not have: the command and its table disagree (a slip in the tool) */
    fprintf(stderr, "levekar %s: internal error: option --%s is not in the table\n", res->cmd->name, name);
    exit(LK_EXIT_INTERNAL);
}

int lk_opt_given(const lk_opt_result *res, const char *name)
{
    return lk_opt_get(res, name)->given > 0;
}

const char *lk_opt_str(const lk_opt_result *res, const char *name)
{
    return lk_opt_get(res, name)->str;
}

long lk_opt_num(const lk_opt_result *res, const char *name, long dflt)
{
    const lk_opt_value *v = lk_opt_get(res, name);
    return v->given ? v->num : dflt;
}

