/* migsim serve: images.  Any alias resolves, to a container image or (with
 * ?type=virtual-machine) a VM image; the model does not hold images.
 * Shape: shared/api/image.go at each tag. */
#include "ms-serve-objects.h"

#include "ms-config.h"

static char *
image_fingerprint(const char *type, const char *alias)
{
    g_autofree char *seed = g_strdup_printf("migsim image %s %s", type, alias);

    return g_compute_checksum_for_string(G_CHECKSUM_SHA256, seed, -1);
}

static JsonObject *
image_object(const char *fingerprint, const char *known)
{
    JsonObject *obj = json_object_new();
    JsonArray *aliases = json_array_new();
    JsonObject *alias = json_object_new();
    g_autofree char *type = g_strndup(known, strcspn(known, " "));

    json_object_set_string_member(alias, "name", strchr(known, ' ') + 1);
    json_object_set_string_member(alias, "description", "");
    json_array_add_object_element(aliases, alias);
    json_object_set_array_member(obj, "aliases", aliases);
    json_object_set_string_member(obj, "architecture", "x86_64");
    json_object_set_boolean_member(obj, "auto_update", FALSE);
    json_object_set_boolean_member(obj, "cached", FALSE);
    json_object_set_string_member(obj, "fingerprint", fingerprint);
    json_object_set_string_member(obj, "filename", "migsim.tar.xz");
    json_object_set_object_member(obj, "properties", json_object_new());
    json_object_set_boolean_member(obj, "public", FALSE);
    json_object_set_int_member(obj, "size", 1024);
    json_object_set_string_member(obj, "type", type);
    json_object_set_string_member(obj, "created_at", "1970-01-01T00:00:00Z");
    json_object_set_string_member(obj, "uploaded_at", "1970-01-01T00:00:00Z");
    json_object_set_string_member(obj, "project", "default");
    return obj;
}

static void
alias_get(MsServeReq *req)
{
    const char *type = ms_serve_query(req, "type");
    JsonObject *obj = json_object_new();
    g_autofree char *fingerprint = NULL;

    if (type == NULL || !g_str_equal(type, "virtual-machine"))
        type = "container";
    fingerprint = image_fingerprint(type, req->args[0]);
    g_hash_table_replace(req->api->images, g_strdup(fingerprint),
                         g_strdup_printf("%s %s", type, req->args[0]));
    json_object_set_string_member(obj, "name", req->args[0]);
    json_object_set_string_member(obj, "description", "");
    json_object_set_string_member(obj, "target", fingerprint);
    json_object_set_string_member(obj, "type", type);
    ms_serve_sync(req, ms_serve_take(obj));
}

static void
image_get(MsServeReq *req)
{
    const char *known = g_hash_table_lookup(req->api->images, req->args[0]);

    if (known == NULL)
        /* lxd/images.go imageGet: no image with that fingerprint */
        return ms_serve_error(req, 404, "Image not found");
    ms_serve_sync(req, ms_serve_take(image_object(req->args[0], known)));
}

static void
images_get(MsServeReq *req)
{
    JsonArray *array = json_array_new();
    g_autofree const char **fingerprints = ms_config_sorted_keys(req->api->images);

    for (guint i = 0; fingerprints[i] != NULL; i++) {
        if (ms_serve_recursion(req) > 0) {
            json_array_add_object_element(
                array, image_object(fingerprints[i], g_hash_table_lookup(req->api->images, fingerprints[i])));
        } else {
            g_autofree char *path = g_strdup_printf("/1.0/images/%s", fingerprints[i]);
            json_array_add_string_element(array, path);
        }
    }
    ms_serve_sync(req, ms_serve_take_array(array));
}

/* clang-format off */
static const MsServeRoute routes[] = {
    { "GET", "1.0/images", images_get },
    { "GET", "1.0/images/aliases/*", alias_get },
    { "GET", "1.0/images/*", image_get },
};
/* clang-format on */
const MsServeRoutes ms_serve_image_routes = { routes, G_N_ELEMENTS(routes) };
