/* Small-count protection (levekar/suppress.h): primary suppression by the limits, then
 * secondary suppression over the relations until none discloses a hidden cell. The rules and
 * their sources are at the top of the header; this file only applies them. */
#include <math.h>
#include <string.h>
#include "levekar/suppress.h"

int lk_suppress_preset(lk_suppress_opts *out, const char *name)
{
    if (!out || !name) return LK_EINVAL;
    lk_suppress_opts o = LK_SUPPRESS_OPTS_INIT;
    if (strcmp(name, "fhi") == 0) {
        /* FHI's limits are per indicator (its KUBER table): the definition's, which default to
         * FHI's general practice (lk_indicator.suppress_min_numerator) */
        o.min_numerator = o.min_denominator = LK_SUPPRESS_INDICATOR;
        o.complement = 1; /* sumNEVNER - sumTELLER <= PRIKK_T in khfunctions R/censoring.R */
    } else if (strcmp(name, "ssb") == 0) {
        o.min_numerator = 3; /* "for example fewer than 3"; SSB states no population limit */
    } else if (strcmp(name, "none") != 0) {
        return LK_EINVAL;
    }
    *out = o;
    return LK_OK;
}

int lk_suppress_is_small(const lk_suppress_opts *o, double x, double n)
{
    if (!o) return 0;
    double t = o->min_numerator, m = o->min_denominator;
    /* written so that a NaN count is small: nothing unknown is published as safe */
    return (t > 0 && !(x >= t)) || (m > 0 && !(n >= m)) || (o->complement && t > 0 && !(n - x >= t));
}

int lk_suppress_window_may_nest(int a_first, int a_last, int a_used, int b_first, int b_last, int b_used)
{
    if (a_used < 1 || a_used >= b_used) return 0; /* equal counts in nested years would be equal windows */
    int lo = a_first > b_first ? a_first : b_first, hi = a_last < b_last ? a_last : b_last;
    return hi - lo + 1 >= a_used;
}

const char *lk_suppress_status(lk_suppress_state s)
{
    return s == LK_SUPPRESS_PRIMARY ? "~suppressed" : s == LK_SUPPRESS_SECONDARY ? "~suppressed:secondary" : "";
}

/* Does relation rel disclose a hidden cell (or a small rest)? See the header's three cases. */
static int discloses(const lk_suppress_cell *c, const lk_suppress_relation *rel, const lk_suppress_opts *o)
{
    const lk_suppress_cell *t = &c[rel->total];
    if (t->state != LK_SUPPRESS_SHOWN || !t->has_counts || rel->n_parts == 0) return 0;
    double rx = t->numerator, rn = t->denominator, hx = 0, hn = 0;
    size_t shown = 0, hidden = 0, unknown = 0;
    for (size_t k = 0; k < rel->n_parts; k++) {
        const lk_suppress_cell *p = &c[rel->parts[k]];
        if (p->state == LK_SUPPRESS_SHOWN) {
            if (!p->has_counts) return 0; /* a shown rate without counts cannot be subtracted */
            rx -= p->numerator;
            rn -= p->denominator;
            shown++;
        } else {
            hidden++;
            if (p->has_counts) {
                hx += p->numerator;
                hn += p->denominator;
            } else {
                unknown++;
            }
        }
    }
    /* counts are whole numbers in doubles; the tolerance only absorbs multipliers (1000 kr) */
    double eps = 1e-9 * (1 + fabs(t->numerator) + fabs(t->denominator));
    if (!hidden) return rn > eps && lk_suppress_is_small(o, rx, rn); /* the rest alone is recovered */
    if (!shown) return 0;                                            /* the total is all one learns */
    if (hidden == 1 && !unknown && fabs(rx - hx) <= eps && fabs(rn - hn) <= eps) return 1; /* recovered exactly */
    return rn > eps && lk_suppress_is_small(o, rx, rn);
}

/* The shown, non-exempt part with counts to hide next: the smallest denominator, then the
 * smaller code, then the earlier position; n when there is none. */
static size_t victim(const lk_suppress_cell *c, size_t n, const lk_suppress_relation *rel)
{
    size_t best = n;
    for (size_t k = 0; k < rel->n_parts; k++) {
        size_t i = rel->parts[k];
        const lk_suppress_cell *p = &c[i];
        if (p->state != LK_SUPPRESS_SHOWN || p->exempt || !p->has_counts) continue;
        if (best == n) {
            best = i;
            continue;
        }
        const lk_suppress_cell *b = &c[best];
        int cmp = p->denominator < b->denominator ? -1 : p->denominator > b->denominator ? 1 : 0;
        if (!cmp) cmp = strcmp(p->code ? p->code : "", b->code ? b->code : "");
        if (cmp < 0 || (cmp == 0 && i < best)) best = i;
    }
    return best;
}

int lk_suppress_run(lk_suppress_cell *cells, size_t n, const lk_suppress_relation *rels, size_t n_rels,
                    const lk_suppress_opts *o, lk_suppress_result *res)
{
    if (res) memset(res, 0, sizeof *res);
    if (!o || o->version != LK_SUPPRESS_OPTS_VERSION || (n && !cells) || (n_rels && !rels)) return LK_EINVAL;
    if (!(o->min_numerator >= 0) || !(o->min_denominator >= 0)) return LK_EINVAL; /* LK_SUPPRESS_INDICATOR left */
    for (size_t r = 0; r < n_rels; r++) {
        if (rels[r].total >= n || (rels[r].n_parts && !rels[r].parts)) return LK_EINVAL;
        for (size_t k = 0; k < rels[r].n_parts; k++)
            if (rels[r].parts[k] >= n) return LK_EINVAL;
    }
    lk_suppress_result out = { 0, 0, 0, 0 };
    for (size_t i = 0; i < n; i++) {
        lk_suppress_cell *p = &cells[i];
        if (p->state == LK_SUPPRESS_SHOWN && !p->exempt && p->has_counts
            && lk_suppress_is_small(o, p->numerator, p->denominator)) {
            p->state = LK_SUPPRESS_PRIMARY;
            out.primary++;
        }
    }
    /* Each pass hides at most one cell per disclosing relation and then looks again, since a
     * cell hidden for one relation may make another disclose. Every pass that changes anything
     * hides a cell, so there are at most n of them. */
    int changed = 1;
    while (changed) {
        changed = 0;
        out.unresolved = 0;
        for (size_t r = 0; r < n_rels; r++) {
            if (!discloses(cells, &rels[r], o)) continue;
            size_t v = victim(cells, n, &rels[r]);
            if (v == n) {
                out.unresolved++;
                continue;
            }
            cells[v].state = LK_SUPPRESS_SECONDARY;
            out.secondary++;
            changed = 1;
        }
        if (changed) out.rounds++;
    }
    if (res) *res = out;
    return LK_OK;
}
