/* Point labels that do not overlap (chart_labels.h). Greedy, as a person labels a scatter plot:
 * the points the chart is about first, then the rest in order, each name on the first of four
 * sides of its point that is free. A name that has no free side is left out rather than printed
 * over another, and the chart says how many were (a covered name cannot be read either). */
#include "chart_labels.h"

typedef struct box {
    double x0, y0, x1, y1;
} box;

static box label_box(const lk__label *l, lk__label_side side, const lk__label_geometry *g)
{
    double px = l->x * g->width, py = l->y * g->height, w = (double)l->chars * g->char_w, gap = g->gap * g->char_w;
    double line = g->line;
    box b;
    switch (side) {
    case LK__LABEL_LEFT:
        b.x1 = px - gap, b.x0 = b.x1 - w, b.y0 = py - line / 2, b.y1 = py + line / 2;
        break;
    case LK__LABEL_ABOVE:
        b.x0 = px - w / 2, b.x1 = px + w / 2, b.y0 = py + gap, b.y1 = b.y0 + line;
        break;
    case LK__LABEL_BELOW:
        b.x0 = px - w / 2, b.x1 = px + w / 2, b.y1 = py - gap, b.y0 = b.y1 - line;
        break;
    default: /* right */
        b.x0 = px + gap, b.x1 = b.x0 + w, b.y0 = py - line / 2, b.y1 = py + line / 2;
        break;
    }
    return b;
}

static int overlap(box a, box b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

static int inside(const lk__label *l)
{
    return l->x >= 0 && l->x <= 1 && l->y >= 0 && l->y <= 1;
}

static int free_at(const lk__label *labels, size_t n, size_t i, box b, const lk__label_geometry *g, const lk__label_side *side)
{
    if (b.x0 < 0 || b.x1 > g->width || b.y0 < 0 || b.y1 > g->height) return 0;
    double dot = g->dot * g->char_w;
    for (size_t j = 0; j < n; j++) {
        if (j == i || !inside(&labels[j])) continue;
        double x = labels[j].x * g->width, y = labels[j].y * g->height;
        box d = { x - dot, y - dot, x + dot, y + dot };
        if (overlap(b, d)) return 0;
        if (side[j] != LK__LABEL_NONE && overlap(b, label_box(&labels[j], side[j], g))) return 0;
    }
    return 1;
}

size_t lk__chart_place_labels(const lk__label *labels, size_t n, const lk__label_geometry *g, lk__label_side *side)
{
    static const lk__label_side order[4] = { LK__LABEL_RIGHT, LK__LABEL_LEFT, LK__LABEL_ABOVE, LK__LABEL_BELOW };
    size_t left_out = 0;
    for (size_t i = 0; i < n; i++) side[i] = LK__LABEL_NONE;
    for (int pass = 1; pass >= 0; pass--)
        for (size_t i = 0; i < n; i++) {
            if ((labels[i].first != 0) != pass || !inside(&labels[i])) continue;
            for (size_t k = 0; k < 4 && side[i] == LK__LABEL_NONE; k++) {
                box b = label_box(&labels[i], order[k], g);
                if (free_at(labels, n, i, b, g, side)) side[i] = order[k];
            }
            left_out += side[i] == LK__LABEL_NONE;
        }
    return left_out;
}
