/* Help and the man page, written from the option tables (opt.h): what --help and levekar(1) say
 * is what the parser takes. */
#include <stdio.h>
#include <string.h>
#include "opt.h"

/* ---- help ---- */

#define HELP_COLUMN_MAX 32 /* a longer option puts its help on the next line */

static const char *placeholder(const lk_opt *o)
{
    return o->value ? o->value : o->spec->value;
}

static size_t left_width(const lk_opt *o)
{
    const char *v = placeholder(o);
    return 6 + 2 + strlen(o->spec->name) + (o->spec->kind == LK_OPT_FLAG || !v ? 0 : 1 + strlen(v));
}

#define HELP_WIDTH 100 /* a line of help longer than this goes on at the column */

/* TEXT at COLUMN after LEFT characters already on the line, wrapped at spaces (and at '\n',
 * which is a space as well) so that no line passes HELP_WIDTH. */
static void put_help(FILE *to, size_t left, size_t column, const char *text)
{
    if (left + 2 > column) {
        fputc('\n', to);
        left = 0;
    }
    fprintf(to, "%*s", (int)(column - left), "");
    size_t room = HELP_WIDTH - column, used = 0;
    for (const char *s = text; *s;) {
        size_t word = strcspn(s, " \n"), bytes = word;
        /* the width counts characters, not the bytes of UTF-8 */
        for (size_t k = 0; k < bytes; k++)
            if (((unsigned char)s[k] & 0xC0) == 0x80) word--;
        if (used && used + 1 + word > room) {
            fprintf(to, "\n%*s", (int)column, "");
            used = 0;
        } else if (used) {
            fputc(' ', to);
            used++;
        }
        fwrite(s, 1, bytes, to);
        used += word;
        s += bytes;
        while (*s == ' ' || *s == '\n') s++;
    }
    fputc('\n', to);
}

void lk_opt_help(FILE *to, const lk_opt_cmd *cmd)
{
    size_t column = 0;
    for (size_t g = 0; g < cmd->n_groups; g++)
        for (size_t i = 0; i < cmd->groups[g].n; i++) {
            size_t w = left_width(&cmd->groups[g].opts[i]) + 2;
            if (w > column) column = w;
        }
    for (size_t i = 0; i < cmd->n_words; i++)
        if (strlen(cmd->words[i].word) + 4 > column) column = strlen(cmd->words[i].word) + 4;
    if (column < 22) column = 22;
    if (column > HELP_COLUMN_MAX) column = HELP_COLUMN_MAX;
    fprintf(to, "Usage: levekar %s %s\n\n%s\n", cmd->name, cmd->synopsis, cmd->description);
    if (cmd->n_words) {
        fprintf(to, "%s\n", cmd->words_title);
        for (size_t i = 0; i < cmd->n_words; i++) {
            fprintf(to, "  %s", cmd->words[i].word);
            put_help(to, 2 + strlen(cmd->words[i].word), column, cmd->words[i].help);
        }
    }
    if (!cmd->n_groups) fputs("Options:\n", to);
    for (size_t g = 0; g < cmd->n_groups; g++) {
        if (cmd->groups[g].title) fprintf(to, "%s\n", cmd->groups[g].title);
        for (size_t i = 0; i < cmd->groups[g].n; i++) {
            const lk_opt *o = &cmd->groups[g].opts[i];
            const char *v = placeholder(o);
            int n = o->spec->short_name ? fprintf(to, "  -%c, ", o->spec->short_name) : fprintf(to, "      ");
            n += fprintf(to, "--%s", o->spec->name);
            if (o->spec->kind != LK_OPT_FLAG && v) n += fprintf(to, " %s", v);
            put_help(to, (size_t)n, column, o->help ? o->help : o->spec->help);
        }
    }
    fputs("  -h, --help", to);
    put_help(to, 12, column, "show this help");
}

void lk_opt_help_commands(FILE *to, const lk_opt_prog *p)
{
    fprintf(to, "Usage: levekar COMMAND [OPTIONS] ...\n\n%s.\n\nCommands:\n", p->about);
    for (size_t i = 0; i < p->n_cmds; i++) fprintf(to, "  %-12s%s\n", p->cmds[i]->name, p->cmds[i]->summary);
    for (size_t i = 0; i < p->n_more; i++) fprintf(to, "  %-12s%s\n", p->more[i].word, p->more[i].help);
    fputs("\nRun 'levekar COMMAND --help' for a command's options, 'levekar --man' for the manual page\n"
          "(man(7) source: levekar --man | man -l -).\nExit codes:", to);
    for (size_t i = 0; i < p->n_exits; i++)
        fprintf(to, "%s %d %s", i ? "," : "", p->exits[i].code, p->exits[i].word);
    fputs(".\n", to);
}

/* ---- man page ---- */

/* TEXT as man(7) text: a backslash as \e, a '-' that starts an option as \-, a '.' or '\'' at
 * the start of a line behind \&, and each character beyond ASCII as \[uXXXX] (groff reads its
 * input as Latin-1 unless told otherwise; the escape is read the same everywhere), and after a
 * comma glued to the next word a break point (\:). '\n' ends the line. */
static void man_text(FILE *to, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    int at_start = 1;
    for (; *s; s++) {
        if (at_start && (*s == '.' || *s == '\'')) fputs("\\&", to);
        at_start = *s == '\n';
        if (*s == '\\') {
            fputs("\\e", to);
        } else if (*s == '-' && (s == (const unsigned char *)text || s[-1] == ' ' || s[-1] == '(' || s[-1] == '-'
                                 || s[-1] == '\n' || s[-1] == '[' || s[-1] == '|' || s[-1] == '/')) {
            fputs("\\-", to);
        } else if (*s >= 0x80) {
            unsigned long cp = 0;
            int more = *s >= 0xF0 ? 3 : *s >= 0xE0 ? 2 : *s >= 0xC0 ? 1 : 0;
            cp = *s & (0x3Fu >> more);
            for (int k = 0; k < more && (s[1] & 0xC0) == 0x80; k++) cp = (cp << 6) | (*++s & 0x3Fu);
            fprintf(to, "\\[u%04lX]", cp);
        } else {
            fputc(*s, to);
            /* a list of column names has no space to break at: a break point after each comma */
            if (*s == ',' && s[1] && s[1] != ' ' && s[1] != '\n') fputs("\\:", to);
        }
    }
}

/* Paragraphs: a blank line starts a new one (.PP). */
static void man_paragraphs(FILE *to, const char *text)
{
    const char *s = text;
    fputs(".PP\n", to);
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        if (n == 0) {
            fputs(".PP\n", to);
        } else {
            char line[512];
            snprintf(line, sizeof line, "%.*s\n", (int)(n < 500 ? n : 500), s);
            /* a line indented in the help is a line of its own (a CSV header), not adjusted:
             * it has no spaces to stretch */
            if (line[0] == ' ') fputs(".br\n.na\n", to);
            man_text(to, line);
            if (line[0] == ' ') fputs(".br\n.ad\n", to);
        }
        s += n + (nl ? 1 : 0);
    }
}

static void man_option(FILE *to, const lk_opt *o)
{
    const char *v = placeholder(o);
    fputs(".TP\n", to);
    if (o->spec->short_name) fprintf(to, "\\fB\\-%c\\fR, ", o->spec->short_name);
    fputs("\\fB", to);
    man_text(to, "--");
    man_text(to, o->spec->name);
    fputs("\\fR", to);
    if (o->spec->kind != LK_OPT_FLAG && v) {
        fputs(" \\fI", to);
        man_text(to, v);
        fputs("\\fR", to);
    }
    fputc('\n', to);
    man_text(to, o->help ? o->help : o->spec->help);
    if (o->spec->flags & LK_OPT_REPEAT && !strstr(o->help ? o->help : o->spec->help, "repeatable"))
        fputs(" (repeatable)", to);
    fputc('\n', to);
}

static void man_cmd(FILE *to, const lk_opt_cmd *cmd)
{
    fprintf(to, ".SS \"%s\"\n.B levekar %s\n", cmd->name, cmd->name);
    man_text(to, cmd->synopsis);
    fputs("\n.br\n", to);
    man_text(to, cmd->summary);
    fputc('\n', to);
    man_paragraphs(to, cmd->description);
    if (cmd->n_words) {
        fputs(".PP\n", to);
        man_text(to, cmd->words_title);
        fputc('\n', to);
        for (size_t i = 0; i < cmd->n_words; i++) {
            fputs(".TP\n.B ", to);
            man_text(to, cmd->words[i].word);
            fputc('\n', to);
            man_text(to, cmd->words[i].help);
            fputc('\n', to);
        }
    }
    for (size_t g = 0; g < cmd->n_groups; g++) {
        if (cmd->groups[g].title) {
            fputs(".PP\n", to);
            man_text(to, cmd->groups[g].title);
            fputc('\n', to);
        }
        for (size_t i = 0; i < cmd->groups[g].n; i++) man_option(to, &cmd->groups[g].opts[i]);
    }
    fputs(".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nshow this help\n", to);
}

void lk_opt_man(FILE *to, const lk_opt_prog *p, const char *version)
{
    fputs(".\\\" levekar(1), written by levekar --man from the option tables (tools/opt*.c).\n", to);
    fprintf(to, ".TH LEVEKAR 1 \"\" \"levekar %s\" \"User Commands\"\n", version);
    fputs(".SH NAME\nlevekar \\- ", to);
    man_text(to, p->about);
    fputs("\n.SH SYNOPSIS\n", to);
    for (size_t i = 0; i < p->n_cmds; i++) {
        fprintf(to, ".B levekar %s\n", p->cmds[i]->name);
        man_text(to, p->cmds[i]->synopsis);
        fputs("\n.br\n", to);
    }
    for (size_t i = 0; i < p->n_more; i++) {
        fputs(".B levekar ", to);
        man_text(to, p->more[i].word);
        fputs("\n.br\n", to);
    }
    fputs(".SH DESCRIPTION\n", to);
    man_paragraphs(to, p->description);
    fputs(".SH COMMANDS\n", to);
    for (size_t i = 0; i < p->n_cmds; i++) man_cmd(to, p->cmds[i]);
    for (size_t i = 0; i < p->n_more; i++) {
        fputs(".SS \"", to);
        man_text(to, p->more[i].word);
        fputs("\"\n", to);
        man_text(to, p->more[i].help);
        fputc('\n', to);
    }
    fputs(".SH \"EXIT STATUS\"\n", to);
    for (size_t i = 0; i < p->n_exits; i++) {
        fprintf(to, ".TP\n.B %d\n", p->exits[i].code);
        man_text(to, p->exits[i].meaning);
        fputc('\n', to);
    }
    if (p->n_env) {
        fputs(".SH ENVIRONMENT\n", to);
        for (size_t i = 0; i < p->n_env; i++) {
            fputs(".TP\n.B ", to);
            man_text(to, p->env[i].word);
            fputc('\n', to);
            man_text(to, p->env[i].help);
            fputc('\n', to);
        }
    }
    if (p->see_also) fprintf(to, ".SH \"SEE ALSO\"\n%s\n", p->see_also);
}
