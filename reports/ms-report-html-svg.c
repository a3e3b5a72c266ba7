/* migsim: the HTML report's cluster pictures: inline SVG drawn from the
 * JSON snapshots (ms_cluster_to_json) only, so a live snapshot, which may
 * be partial, is drawn by the same code as a simulated one (the snapshot
 * readers are in ms-report-html-snapshot.c). */
#include "ms-report-html-private.h"

#include <string.h>

/* SVG geometry, in user units (the SVG scales to the page width). */
#define PAD 16
#define COL_W 330
#define COL_GAP 56
#define HEAD_H 78
#define ROW_H 96
#define ROW_GAP 14
#define BOX_INSET 14
#define POOL_HEAD 34
#define VOL_H 26
#define CHIP_W 260

/* SVG text does not wrap: long names are cut, the full text goes in <title>. */
static void
esc_clipped(GString *out, const char *text, glong max_chars)
{
    g_autofree char *cut = NULL;

    if (text == NULL)
        text = "";
    if (g_utf8_strlen(text, -1) <= max_chars) {
        ms_html_esc(out, text);
        return;
    }
    cut = g_utf8_substring(text, 0, max_chars - 1);
    ms_html_esc(out, cut);
    g_string_append(out, "\xE2\x80\xA6");
}

/* ---- the cluster picture ---- */

typedef struct {
    const char *name;
    const char *from;
    const char *to;
    gboolean live;
    double ghost_x, ghost_y; /* where it was drawn on @from */
    double box_x, box_y;     /* where it is drawn on @to */
    gboolean has_ghost, has_box;
} Move;

typedef struct {
    GString *out;
    JsonObject *state;
    JsonObject *prev;         /* the snapshot before the step; nullable */
    JsonObject *compare;      /* live picture: the simulated snapshot to mark differences against; nullable */
    const MsOutcome *outcome; /* nullable */
    const char *const *refused; /* nullable: what LXD's error is about */
    guint id;                   /* unique in the document, for marker ids */
    const char *caption;
    GPtrArray *columns; /* (element-type utf8) borrowed member names */
    GArray *moves;      /* (element-type Move) */
    GArray *labels;     /* (element-type LabelBox) arrow labels placed so far */
} Picture;

typedef struct {
    double x0, y0, x1, y1;
} LabelBox;

static void draw_tag(GString *out, double x, double y, const char *cls, const char *text);

static gboolean
is_refused(Picture *pic, const char *name)
{
    return name != NULL && pic->refused != NULL && g_strv_contains(pic->refused, name);
}

/* The step's error is drawn on what it is about, in words ("LXD error"),
 * never as PASS or FAIL: those badges judge the expectation, the picture
 * shows what LXD did. */
static void
draw_refused(GString *out, const char *name, double x, double y, double w, double h, double tag_x,
             double tag_y)
{
    g_string_append(out, "<rect class=\"err-mark\" data-refused=\"");
    ms_html_esc(out, name);
    g_string_append_printf(out, "\" x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" rx=\"6\"/>", x, y, w,
                           h);
    draw_tag(out, tag_x, tag_y, "err-text", "\xE2\x9C\x97 LXD error");
}

static Move *
find_move(Picture *pic, const char *name)
{
    for (guint i = 0; i < pic->moves->len; i++) {
        Move *move = &g_array_index(pic->moves, Move, i);
        if (g_str_equal(move->name, name))
            return move;
    }
    return NULL;
}

static void
add_move(Picture *pic, const char *name, const char *from, const char *to, gboolean live)
{
    Move *move = find_move(pic, name);

    if (from == NULL || to == NULL || g_str_equal(from, to))
        return;
    if (move == NULL) {
        Move fresh = { name, from, to, live, 0, 0, 0, 0, FALSE, FALSE };
        g_array_append_val(pic->moves, fresh);
        return;
    }
    move->live = move->live || live;
}

/* Moves come from the events of the step (the model knows what migrated)
 * and, for snapshots without events such as a live one, from a location
 * that differs from the previous snapshot. */
static void
collect_moves(Picture *pic)
{
    JsonArray *instances = ms_html_obj_array(pic->state, "instances");
    JsonArray *old_instances = ms_html_obj_array(pic->prev, "instances");

    for (guint i = 0; pic->outcome != NULL && i < pic->outcome->events->len; i++) {
        const MsEvent *e = pic->outcome->events->pdata[i];
        if (e->kind == MS_EVENT_MIGRATED || e->kind == MS_EVENT_LIVE_MIGRATED)
            add_move(pic, e->instance, e->from, e->to, e->kind == MS_EVENT_LIVE_MIGRATED);
    }
    for (guint i = 0; i < ms_html_array_len(instances); i++) {
        JsonObject *inst = ms_html_array_object(instances, i);
        JsonObject *old = ms_html_find_named(old_instances, ms_html_obj_str(inst, "name"));
        if (old != NULL)
            add_move(pic, ms_html_obj_str(inst, "name"), ms_html_obj_str(old, "location"),
                     ms_html_obj_str(inst, "location"), FALSE);
    }
}

static gboolean
has_column(Picture *pic, const char *name)
{
    for (guint i = 0; name != NULL && i < pic->columns->len; i++)
        if (g_str_equal(pic->columns->pdata[i], name))
            return TRUE;
    return FALSE;
}

static void
collect_columns(Picture *pic)
{
    JsonArray *members = ms_html_obj_array(pic->state, "members");
    JsonArray *instances = ms_html_obj_array(pic->state, "instances");

    for (guint i = 0; i < ms_html_array_len(members); i++) {
        const char *name = ms_html_obj_str(ms_html_array_object(members, i), "name");
        if (name != NULL && !has_column(pic, name))
            g_ptr_array_add(pic->columns, (gpointer) name);
    }
    /* a partial snapshot may name members only through instances */
    for (guint i = 0; i < ms_html_array_len(instances); i++) {
        const char *location = ms_html_obj_str(ms_html_array_object(instances, i), "location");
        if (location != NULL && !has_column(pic, location))
            g_ptr_array_add(pic->columns, (gpointer) location);
    }
}

static double
column_x(guint column)
{
    return PAD + column * (double) (COL_W + COL_GAP);
}

/* Instances drawn on @member: its own, then ghosts of those that left it
 * in this step or were deleted from it. */
static guint
column_rows(Picture *pic, const char *member)
{
    JsonArray *instances = ms_html_obj_array(pic->state, "instances");
    JsonArray *old_instances = ms_html_obj_array(pic->prev, "instances");
    guint rows = 0;

    for (guint i = 0; i < ms_html_array_len(instances); i++)
        rows += g_strcmp0(ms_html_obj_str(ms_html_array_object(instances, i), "location"), member) == 0;
    for (guint i = 0; i < pic->moves->len; i++)
        rows += g_strcmp0(g_array_index(pic->moves, Move, i).from, member) == 0;
    for (guint i = 0; i < ms_html_array_len(old_instances); i++) {
        JsonObject *old = ms_html_array_object(old_instances, i);
        rows += g_strcmp0(ms_html_obj_str(old, "location"), member) == 0 &&
                ms_html_find_named(instances, ms_html_obj_str(old, "name")) == NULL;
    }
    return rows;
}

static guint
local_volumes_on(JsonArray *volumes, const char *pool, const char *member)
{
    guint n = 0;

    for (guint i = 0; i < ms_html_array_len(volumes); i++) {
        JsonObject *v = ms_html_array_object(volumes, i);
        n += g_strcmp0(ms_html_obj_str(v, "pool"), pool) == 0 &&
             g_strcmp0(ms_html_obj_str(v, "location"), member) == 0;
    }
    return n;
}

static guint
local_pool_height(Picture *pic, const char *pool)
{
    JsonArray *volumes = ms_html_obj_array(pic->state, "volumes");
    guint most = 0;

    for (guint c = 0; c < pic->columns->len; c++)
        most = MAX(most, local_volumes_on(volumes, pool, pic->columns->pdata[c]));
    return POOL_HEAD + most * VOL_H + 8;
}

static void
draw_tag(GString *out, double x, double y, const char *cls, const char *text)
{
    g_string_append_printf(out, "<text class=\"%s\" x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">", cls, x, y);
    ms_html_esc(out, text);
    g_string_append(out, "</text>");
}

/* A one-line summary of an instance's disks: "root@local, foo@local". */
static char *
disk_summary(JsonObject *inst)
{
    JsonObject *devices = ms_html_obj_object(inst, "expanded_devices");
    g_autoptr(GList) names = devices != NULL ? json_object_get_members(devices) : NULL;
    g_autoptr(GString) out = g_string_new(NULL);

    names = g_list_sort(names, (GCompareFunc) strcmp);
    for (GList *l = names; l != NULL; l = l->next) {
        JsonObject *device = ms_html_obj_object(devices, l->data);
        if (g_strcmp0(ms_html_obj_str(device, "type"), "disk") != 0)
            continue;
        g_string_append_printf(out, "%s%s", out->len ? ", " : "disks: ", (const char *) l->data);
        if (ms_html_obj_str(device, "pool") != NULL)
            g_string_append_printf(out, "@%s", ms_html_obj_str(device, "pool"));
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}

static void
draw_instance(Picture *pic, JsonObject *inst, double x, double y)
{
    GString *out = pic->out;
    const char *name = ms_html_obj_str(inst, "name");
    const char *status = ms_html_obj_str(inst, "status");
    const char *location = ms_html_obj_str(inst, "location");
    gboolean vm = g_strcmp0(ms_html_obj_str(inst, "type"), "virtual-machine") == 0;
    gboolean running = g_strcmp0(status, "RUNNING") == 0;
    double w = COL_W - 2 * BOX_INSET;
    JsonObject *old = ms_html_find_named(ms_html_obj_array(pic->prev, "instances"), name);
    JsonObject *sim = ms_html_find_named(ms_html_obj_array(pic->compare, "instances"), name);
    Move *move = name != NULL ? find_move(pic, name) : NULL;
    g_autofree char *disks = disk_summary(inst);
    g_autofree char *changed = NULL, *differs = NULL;

    if (pic->prev != NULL && old == NULL)
        changed = g_strdup("NEW");
    else if (move != NULL)
        changed = g_strdup(move->live ? "live-migrated here" : "moved here");
    else if (old != NULL && g_strcmp0(ms_html_obj_str(old, "status"), status) != 0)
        changed = g_strdup_printf("was %s", ms_html_obj_str(old, "status"));
    if (pic->compare != NULL && sim == NULL)
        differs = g_strdup("not in simulation");
    else if (sim != NULL && (g_strcmp0(ms_html_obj_str(sim, "status"), status) != 0 ||
                             g_strcmp0(ms_html_obj_str(sim, "location"), location) != 0))
        differs = g_strdup_printf("sim: %s on %s", ms_html_obj_str(sim, "status"),
                                  ms_html_obj_str(sim, "location"));

    g_string_append_printf(out, "<g class=\"instance %s %s\"><title>", vm ? "i-vm" : "i-ct",
                           running ? "i-run" : "i-stop");
    ms_html_escf(out, "%s: %s, %s on %s", name, vm ? "virtual machine" : "container",
                 status ? status : "status unknown", location ? location : "no member");
    g_string_append(out, "</title>");
    /* containers are rounded, VMs square with a double frame: the shape
     * tells them apart even in black and white */
    g_string_append_printf(
        out, "<rect class=\"i-box\" x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%d\" rx=\"%d\"/>", x, y, w,
        ROW_H, vm ? 2 : 22);
    if (vm)
        g_string_append_printf(
            out, "<rect class=\"i-inner\" x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%d\" rx=\"1\"/>",
            x + 6, y + 6, w - 12, ROW_H - 12);
    g_string_append_printf(
        out,
        "<rect class=\"i-tag\" x=\"%.0f\" y=\"%.0f\" width=\"46\" height=\"30\" rx=\"%d\"/>"
        "<text class=\"i-tag-text\" x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">%s</text>",
        x + 12, y + 12, vm ? 1 : 12, x + 35, y + 33, vm ? "VM" : "CT");
    g_string_append_printf(out, "<text class=\"i-name\" x=\"%.0f\" y=\"%.0f\">", x + 68, y + 34);
    esc_clipped(out, name, 16);
    g_string_append_printf(out, "</text><text class=\"i-meta\" x=\"%.0f\" y=\"%.0f\">%s</text>", x + 14,
                           y + 60,
                           running  ? "\xE2\x96\xB6 RUNNING"
                           : status ? "\xE2\x96\xA0 STOPPED"
                                    : "? unknown");
    g_string_append_printf(out, "<text class=\"i-meta\" x=\"%.0f\" y=\"%.0f\">", x + 14, y + 83);
    esc_clipped(out, disks, 30);
    g_string_append(out, "</text>");
    if (changed != NULL) {
        g_string_append_printf(
            out, "<rect class=\"chg-mark\" x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%d\" rx=\"6\"/>",
            x - 6, y - 6, w + 12, ROW_H + 12);
        draw_tag(out, x + w - 12, y + 60, "chg-text", changed);
    }
    if (differs != NULL) {
        g_string_append_printf(
            out, "<rect class=\"diff-mark\" x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%d\" rx=\"6\"/>",
            x - 6, y - 6, w + 12, ROW_H + 12);
        draw_tag(out, x + w - 10, y + 34, "diff-text", differs);
    }
    if (is_refused(pic, name))
        draw_refused(out, name, x - 9, y - 9, w + 18, ROW_H + 18, x + w - 10, y + ROW_H + 7);
    g_string_append(out, "</g>");
    if (move != NULL && g_strcmp0(move->to, location) == 0) {
        move->box_x = x;
        move->box_y = y;
        move->has_box = TRUE;
    }
}

static void
draw_ghost(Picture *pic, const char *name, const char *why, double x, double y)
{
    GString *out = pic->out;
    double w = COL_W - 2 * BOX_INSET;

    g_string_append(out, "<g class=\"instance ghost\"><title>");
    ms_html_escf(out, "%s %s", name, why);
    g_string_append_printf(
        out, "</title><rect class=\"i-box\" x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%d\" rx=\"10\"/>",
        x, y, w, ROW_H);
    g_string_append_printf(out, "<text class=\"i-name\" x=\"%.0f\" y=\"%.0f\">", x + 14, y + 34);
    esc_clipped(out, name, 18);
    g_string_append_printf(out, "</text><text class=\"i-meta\" x=\"%.0f\" y=\"%.0f\">", x + 14, y + 62);
    esc_clipped(out, why, 30);
    g_string_append(out, "</text></g>");
}

static void
draw_member(Picture *pic, guint column, double top, double height)
{
    GString *out = pic->out;
    const char *name = pic->columns->pdata[column];
    JsonObject *member = ms_html_find_named(ms_html_obj_array(pic->state, "members"), name);
    JsonObject *old = ms_html_find_named(ms_html_obj_array(pic->prev, "members"), name);
    JsonObject *sim = ms_html_find_named(ms_html_obj_array(pic->compare, "members"), name);
    const char *status = ms_html_obj_str(member, "status");
    const char *cls = "m-unknown", *symbol = "?";
    double x = column_x(column);

    if (g_strcmp0(status, "ONLINE") == 0)
        cls = "m-online", symbol = "\xE2\x97\x8F"; /* ● */
    else if (g_strcmp0(status, "EVACUATED") == 0)
        cls = "m-evacuated", symbol = "\xE2\x87\xA9"; /* ⇩ */
    else if (g_strcmp0(status, "OFFLINE") == 0)
        cls = "m-offline", symbol = "\xE2\x9C\x95"; /* ✕ */

    g_string_append_printf(out, "<g class=\"member %s\"><title>", cls);
    ms_html_escf(out, "member %s: %s", name, status ? status : "status unknown");
    g_string_append_printf(
        out, "</title><rect class=\"m-box\" x=\"%.0f\" y=\"%.0f\" width=\"%d\" height=\"%.0f\" rx=\"8\"/>", x,
        top, COL_W, height);
    g_string_append_printf(
        out, "<rect class=\"m-head\" x=\"%.0f\" y=\"%.0f\" width=\"%d\" height=\"%d\" rx=\"6\"/>", x + 3,
        top + 3, COL_W - 6, HEAD_H - 6);
    g_string_append_printf(out, "<text class=\"m-name\" x=\"%.0f\" y=\"%.0f\">", x + 16, top + 34);
    esc_clipped(out, name, 14);
    g_string_append_printf(out, "</text><text class=\"m-status\" x=\"%.0f\" y=\"%.0f\">%s ", x + 16, top + 63,
                           symbol);
    ms_html_esc(out, status ? status : "status unknown");
    g_string_append(out, "</text>");
    if (ms_html_obj_str(member, "role") != NULL) {
        g_string_append_printf(out, "<text class=\"m-role\" x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">",
                               x + COL_W - 14, top + 32);
        ms_html_esc(out, ms_html_obj_str(member, "role"));
        g_string_append(out, "</text>");
    }
    /* the status before this step (chg) and the simulator's (diff) */
    const struct {
        JsonObject *other;
        const char *kind, *label;
    } marks[] = { { old, "chg", "was" }, { sim, "diff", "sim:" } };

    for (guint i = 0; i < G_N_ELEMENTS(marks); i++) {
        g_autofree char *was = NULL;
        g_autofree char *text_class = NULL;
        if (marks[i].other == NULL || g_strcmp0(ms_html_obj_str(marks[i].other, "status"), status) == 0)
            continue;
        was = g_strdup_printf("%s %s", marks[i].label, ms_html_obj_str(marks[i].other, "status"));
        text_class = g_strdup_printf("%s-text", marks[i].kind);
        g_string_append_printf(
            out, "<rect class=\"%s-mark\" x=\"%.0f\" y=\"%.0f\" width=\"%d\" height=\"%d\" rx=\"8\"/>",
            marks[i].kind, x - 5, top - 5, COL_W + 10, HEAD_H + 10);
        draw_tag(out, x + COL_W - 14, top + 63, text_class, was);
    }
    if (is_refused(pic, name))
        draw_refused(out, name, x - 8, top - 8, COL_W + 16, HEAD_H + 16, x + COL_W - 14, top + HEAD_H - 2);
    g_string_append(out, "</g>");
}

static void
draw_instances(Picture *pic, guint column, double top, guint rows)
{
    const char *member = pic->columns->pdata[column];
    JsonArray *instances = ms_html_obj_array(pic->state, "instances");
    JsonArray *old_instances = ms_html_obj_array(pic->prev, "instances");
    double x = column_x(column) + BOX_INSET;
    guint row = 0;

    for (guint i = 0; i < ms_html_array_len(instances); i++) {
        JsonObject *inst = ms_html_array_object(instances, i);
        if (g_strcmp0(ms_html_obj_str(inst, "location"), member) != 0)
            continue;
        draw_instance(pic, inst, x, top + row++ * (double) (ROW_H + ROW_GAP));
    }
    for (guint i = 0; i < pic->moves->len; i++) {
        Move *move = &g_array_index(pic->moves, Move, i);
        g_autofree char *why = NULL;
        if (g_strcmp0(move->from, member) != 0)
            continue;
        why = g_strdup_printf("%s \xE2\x86\x92 %s", move->live ? "live-migrated" : "moved", move->to);
        move->ghost_x = x;
        move->ghost_y = top + row * (double) (ROW_H + ROW_GAP);
        move->has_ghost = TRUE;
        draw_ghost(pic, move->name, why, move->ghost_x, move->ghost_y);
        row++;
    }
    for (guint i = 0; i < ms_html_array_len(old_instances); i++) {
        JsonObject *old = ms_html_array_object(old_instances, i);
        if (g_strcmp0(ms_html_obj_str(old, "location"), member) != 0 ||
            ms_html_find_named(instances, ms_html_obj_str(old, "name")) != NULL)
            continue;
        draw_ghost(pic, ms_html_obj_str(old, "name"), "deleted", x, top + row++ * (double) (ROW_H + ROW_GAP));
    }
    if (rows == 0)
        g_string_append_printf(pic->out, "<text class=\"empty\" x=\"%.0f\" y=\"%.0f\">no instances</text>",
                               x + 4, top + 40);
}

static gboolean
volume_is_new(Picture *pic, JsonObject *volume)
{
    return pic->prev != NULL &&
           ms_html_find_volume(ms_html_obj_array(pic->prev, "volumes"), ms_html_obj_str(volume, "pool"),
                               ms_html_obj_str(volume, "name"), ms_html_obj_str(volume, "location")) == NULL;
}

static void
draw_volume_text(Picture *pic, JsonObject *volume, double x, double y, glong max_chars)
{
    GString *out = pic->out;
    g_autofree char *label = g_strdup_printf(
        "\xE2\x97\xBC %s (%s)", ms_html_obj_str(volume, "name"),
        ms_html_obj_str(volume, "content_type") ? ms_html_obj_str(volume, "content_type") : "?");
    gboolean fresh = volume_is_new(pic, volume);
    gboolean refused = is_refused(pic, ms_html_obj_str(volume, "name"));

    g_string_append_printf(out, "<text class=\"vol%s\" x=\"%.0f\" y=\"%.0f\"",
                           refused ? " err-text"
                           : fresh ? " chg-text"
                                   : "",
                           x, y);
    if (refused) {
        g_string_append(out, " data-refused=\"");
        ms_html_esc(out, ms_html_obj_str(volume, "name"));
        g_string_append(out, "\"");
    }
    g_string_append(out, ">");
    esc_clipped(out, label, max_chars);
    if (fresh)
        g_string_append(out, " NEW");
    if (refused)
        g_string_append(out, " \xE2\x9C\x97 LXD error");
    g_string_append(out, "</text>");
}

static void
draw_local_pools(Picture *pic, guint column, double top)
{
    GString *out = pic->out;
    const char *member = pic->columns->pdata[column];
    JsonArray *pools = ms_html_obj_array(pic->state, "pools");
    JsonArray *volumes = ms_html_obj_array(pic->state, "volumes");
    double x = column_x(column) + BOX_INSET, y = top;

    for (guint p = 0; p < ms_html_array_len(pools); p++) {
        JsonObject *pool = ms_html_array_object(pools, p);
        const char *name = ms_html_obj_str(pool, "name");
        const char *here = ms_html_obj_str(ms_html_obj_object(pool, "members"), member);
        guint height = local_pool_height(pic, name);
        guint row = 0;

        if (ms_html_obj_bool(pool, "remote"))
            continue;
        g_string_append(out, "<g class=\"pool pool-local\"><title>");
        ms_html_escf(out, "local pool %s (%s) on %s: %s", name, ms_html_obj_str(pool, "driver"), member,
                     here ? here : "not defined");
        g_string_append_printf(
            out,
            "</title><rect class=\"pool-box\" x=\"%.0f\" y=\"%.0f\" width=\"%d\" height=\"%u\" rx=\"10\"/>",
            x, y, COL_W - 2 * BOX_INSET, height - 6);
        g_string_append_printf(out, "<text class=\"pool-name\" x=\"%.0f\" y=\"%.0f\">", x + 10, y + 24);
        {
            g_autofree char *label =
                g_strdup_printf("\xE2\x9B\x81 pool %s (%s)%s%s", name, ms_html_obj_str(pool, "driver"),
                                here && !g_str_equal(here, "Created") ? " \xC2\xB7 " : "",
                                here && !g_str_equal(here, "Created") ? here : "");
            esc_clipped(out, label, 28);
        }
        g_string_append(out, "</text>");
        for (guint v = 0; v < ms_html_array_len(volumes); v++) {
            JsonObject *volume = ms_html_array_object(volumes, v);
            if (g_strcmp0(ms_html_obj_str(volume, "pool"), name) != 0 ||
                g_strcmp0(ms_html_obj_str(volume, "location"), member) != 0)
                continue;
            draw_volume_text(pic, volume, x + 18, y + POOL_HEAD + 16 + row++ * VOL_H, 24);
        }
        g_string_append(out, "</g>");
        y += height;
    }
}

static guint
remote_pool_height(Picture *pic, JsonObject *pool, double width)
{
    JsonArray *volumes = ms_html_obj_array(pic->state, "volumes");
    guint per_row = MAX(1, (guint) ((width - 20) / CHIP_W));
    guint n = 0;

    for (guint v = 0; v < ms_html_array_len(volumes); v++)
        n += g_strcmp0(ms_html_obj_str(ms_html_array_object(volumes, v), "pool"),
                       ms_html_obj_str(pool, "name")) == 0;
    return 44 + (n + per_row - 1) / per_row * 30;
}

static void
draw_remote_pool(Picture *pic, JsonObject *pool, double y, double width, guint height)
{
    GString *out = pic->out;
    JsonArray *volumes = ms_html_obj_array(pic->state, "volumes");
    guint per_row = MAX(1, (guint) ((width - 20) / CHIP_W));
    guint n = 0;

    g_string_append(out, "<g class=\"pool pool-remote\"><title>");
    ms_html_escf(out, "remote pool %s (%s), shared by all members", ms_html_obj_str(pool, "name"),
                 ms_html_obj_str(pool, "driver"));
    g_string_append_printf(
        out, "</title><rect class=\"pool-box\" x=\"%d\" y=\"%.0f\" width=\"%.0f\" height=\"%u\" rx=\"12\"/>",
        PAD, y, width, height - 8);
    g_string_append_printf(out, "<text class=\"pool-name\" x=\"%d\" y=\"%.0f\">", PAD + 14, y + 27);
    ms_html_escf(out, "\xE2\x9B\x81 pool %s (%s) \xE2\x80\x94 remote, shared by all members \xC2\xB7 %s",
                 ms_html_obj_str(pool, "name"), ms_html_obj_str(pool, "driver"),
                 ms_html_obj_str(pool, "status") ? ms_html_obj_str(pool, "status") : "?");
    g_string_append(out, "</text>");
    for (guint v = 0; v < ms_html_array_len(volumes); v++) {
        JsonObject *volume = ms_html_array_object(volumes, v);
        if (g_strcmp0(ms_html_obj_str(volume, "pool"), ms_html_obj_str(pool, "name")) != 0)
            continue;
        draw_volume_text(pic, volume, PAD + 20 + (n % per_row) * CHIP_W, y + 56 + (n / per_row) * 30, 22);
        n++;
    }
    g_string_append(out, "</g>");
}

/* Arrows between the same members bow alike, so their labels would land
 * on each other: a label that would overlap one placed before moves up
 * by a line until it is clear.  The box is an estimate (16px bold text is
 * at most 0.65em a character); the browser test measures the real ones. */
#define LABEL_H 20.0
static double
place_label(Picture *pic, double cx, double baseline, const char *text)
{
    double half = g_utf8_strlen(text, -1) * 16 * 0.65 / 2 + 4;
    LabelBox box = { cx - half, baseline - LABEL_H + 4, cx + half, baseline + 6 };
    gboolean moved = TRUE;

    while (moved) {
        moved = FALSE;
        for (guint i = 0; i < pic->labels->len; i++) {
            const LabelBox *other = &g_array_index(pic->labels, LabelBox, i);
            if (box.x0 < other->x1 && other->x0 < box.x1 && box.y0 < other->y1 && other->y0 < box.y1) {
                double up = box.y1 - other->y0 + 2;
                box.y0 -= up;
                box.y1 -= up;
                moved = TRUE;
            }
        }
    }
    g_array_append_val(pic->labels, box);
    return box.y1 - 6;
}

static void
draw_arrows(Picture *pic)
{
    GString *out = pic->out;

    for (guint i = 0; i < pic->moves->len; i++) {
        const Move *move = &g_array_index(pic->moves, Move, i);
        double w = COL_W - 2 * BOX_INSET, sx, sy, ex, ey, c1x, c2x, mx, my, bow;
        g_autofree char *label = NULL;

        if (!move->has_ghost || !move->has_box)
            continue;
        sy = move->ghost_y + ROW_H / 2.0;
        ey = move->box_y + ROW_H / 2.0;
        if (move->box_x > move->ghost_x) {
            sx = move->ghost_x + w;
            ex = move->box_x - 4;
        } else {
            sx = move->ghost_x;
            ex = move->box_x + w + 4;
        }
        /* bow upwards so an arrow over a middle member stays readable */
        bow = 40 + 0.15 * ABS(ex - sx);
        c1x = sx + (ex - sx) / 3;
        c2x = ex - (ex - sx) / 3;
        mx = (sx + 3 * c1x + 3 * c2x + ex) / 8;
        my = (sy + 3 * (sy - bow) + 3 * (ey - bow) + ey) / 8;
        g_string_append(out, "<g class=\"move\"><title>");
        ms_html_escf(out, "%s %s %s \xE2\x86\x92 %s", move->name, move->live ? "live-migrated" : "migrated",
                     move->from, move->to);
        g_string_append_printf(out,
                               "</title><path class=\"arrow\" marker-end=\"url(#ms-ah-%u)\" "
                               "d=\"M%.0f,%.0f C%.0f,%.0f %.0f,%.0f %.0f,%.0f\"/>",
                               pic->id, sx, sy, c1x, sy - bow, c2x, ey - bow, ex, ey);
        label = g_strdup_printf("%s %s", move->name, move->live ? "live" : "moved");
        my = place_label(pic, mx, my - 6, label);
        g_string_append_printf(out,
                               "<text class=\"arrow-label\" x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" "
                               "stroke=\"#fff\" stroke-width=\"6\" paint-order=\"stroke\">",
                               mx, my);
        ms_html_esc(out, label);
        g_string_append(out, "</text></g>");
    }
}

static void
draw_picture(Picture *pic)
{
    GString *out = pic->out;
    JsonArray *pools = ms_html_obj_array(pic->state, "pools");
    g_autoptr(GPtrArray) columns = g_ptr_array_new();
    g_autoptr(GArray) moves = g_array_new(FALSE, TRUE, sizeof(Move));
    g_autoptr(GArray) labels = g_array_new(FALSE, TRUE, sizeof(LabelBox));
    guint rows = 0, local_h = 0, remote_h = 0, ncols;
    double width, top = PAD + 8, col_h, height, y;
    g_autoptr(GString) body = g_string_new(NULL);

    pic->columns = columns;
    pic->moves = moves;
    pic->labels = labels;
    collect_columns(pic);
    collect_moves(pic);
    ncols = MAX(1, columns->len);
    width = 2 * PAD + ncols * COL_W + (ncols - 1) * COL_GAP;

    for (guint c = 0; c < columns->len; c++)
        rows = MAX(rows, column_rows(pic, columns->pdata[c]));
    for (guint p = 0; p < ms_html_array_len(pools); p++) {
        JsonObject *pool = ms_html_array_object(pools, p);
        if (ms_html_obj_bool(pool, "remote"))
            remote_h += remote_pool_height(pic, pool, width - 2 * PAD);
        else
            local_h += local_pool_height(pic, ms_html_obj_str(pool, "name"));
    }
    col_h = HEAD_H + 16 + MAX(rows, 1) * (double) (ROW_H + ROW_GAP) + local_h + 6;
    height = top + col_h + (remote_h ? 18 + remote_h : 0) + PAD;

    /* draw into @body first: the arrows need every box's position */
    pic->out = body;
    for (guint c = 0; c < columns->len; c++) {
        draw_member(pic, c, top, col_h);
        draw_instances(pic, c, top + HEAD_H + 16, column_rows(pic, columns->pdata[c]));
        draw_local_pools(pic, c, top + HEAD_H + 16 + MAX(rows, 1) * (double) (ROW_H + ROW_GAP));
    }
    if (columns->len == 0)
        g_string_append_printf(body,
                               "<text class=\"empty\" x=\"%d\" y=\"%.0f\">no members in this snapshot</text>",
                               PAD, top + 30);
    y = top + col_h + 18;
    for (guint p = 0; p < ms_html_array_len(pools); p++) {
        JsonObject *pool = ms_html_array_object(pools, p);
        guint h;
        if (!ms_html_obj_bool(pool, "remote"))
            continue;
        h = remote_pool_height(pic, pool, width - 2 * PAD);
        draw_remote_pool(pic, pool, y, width - 2 * PAD, h);
        y += h;
    }
    draw_arrows(pic);
    pic->out = out;

    g_string_append_printf(out,
                           "<svg class=\"ms-state\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
                           "style=\"min-width:%.0fpx\" role=\"img\" aria-label=\"",
                           width, height, width, height, width * 0.6);
    ms_html_esc(out, pic->caption);
    g_string_append_printf(out,
                           "\"><defs><marker id=\"ms-ah-%u\" viewBox=\"0 0 10 10\" refX=\"8\" refY=\"5\" "
                           "markerWidth=\"4\" markerHeight=\"4\" orient=\"auto-start-reverse\">"
                           "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#0b3fb3\"/></marker></defs>",
                           pic->id);
    g_string_append_len(out, body->str, body->len);
    g_string_append(out, "</svg>");
}

void
ms_html_append_figure(GString *out, JsonNode *state, JsonNode *prev, JsonNode *compare,
                      const MsOutcome *outcome, const char *const *refused, guint *picture_id,
                      const char *caption)
{
    Picture pic = { out,
                    ms_html_node_object(state),
                    ms_html_node_object(prev),
                    ms_html_node_object(compare),
                    outcome,
                    refused,
                    (*picture_id)++,
                    caption,
                    NULL,
                    NULL,
                    NULL };

    g_string_append(out, "<figure class=\"picture\"><figcaption>");
    ms_html_esc(out, caption);
    /* said in words too: what LXD's error is about may not be drawn (a
     * profile, a project) */
    if (outcome != NULL && !outcome->ok)
        g_string_append(out, " <span class=\"err-caption\">\xE2\x9C\x97 LXD refused the command</span>");
    g_string_append(out, "</figcaption>");
    draw_picture(&pic);
    g_string_append(out, "</figure>");
}
