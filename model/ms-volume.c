/* migsim: custom storage volumes. */
#include "ms-volume.h"

#include "ms-enum.h"

#include "ms-config.h"

MsVolume *
ms_volume_new(const char *pool, const char *name, MsContentType type, const char *location)
{
    MsVolume *volume = g_new0(MsVolume, 1);

    volume->pool = g_strdup(pool);
    volume->name = g_strdup(name);
    volume->content_type = type;
    volume->location = g_strdup(location);
    volume->config = ms_config_new();
    volume->snapshots = g_ptr_array_new_with_free_func(g_free);
    volume->ref_count = 1;
    return volume;
}

MsVolume *
ms_volume_copy(const MsVolume *volume)
{
    MsVolume *copy = ms_volume_new(volume->pool, volume->name, volume->content_type, volume->location);

    g_hash_table_unref(copy->config);
    copy->config = ms_config_copy(volume->config);
    copy->project = g_strdup(volume->project);
    for (guint i = 0; i < volume->snapshots->len; i++)
        g_ptr_array_add(copy->snapshots, g_strdup(volume->snapshots->pdata[i]));
    return copy;
}

MsVolume *
ms_volume_ref(MsVolume *volume)
{
    g_atomic_int_inc(&volume->ref_count);
    return volume;
}

void
ms_volume_free(MsVolume *volume)
{
    if (volume == NULL || !g_atomic_int_dec_and_test(&volume->ref_count))
        return;
    g_free(volume->pool);
    g_free(volume->name);
    g_free(volume->location);
    g_free(volume->project);
    g_hash_table_unref(volume->config);
    g_ptr_array_unref(volume->snapshots);
    g_free(volume);
}

MS_ENUM_NAMES(content_type_names, [MS_CONTENT_FILESYSTEM] = "filesystem", [MS_CONTENT_BLOCK] = "block",
              [MS_CONTENT_ISO] = "iso")
MS_ENUM_TO_STRING(ms_content_type_to_string, MsContentType, content_type_names)

MS_ENUM_FROM_STRING(ms_content_type_from_string, MsContentType, content_type_names, strcmp)
