/* migsim: cluster members. */
#include "ms-member.h"

#include <string.h>

#include "ms-config.h"
#include "ms-enum.h"

/* The words of `host-lacks`, one per MsHostLacks bit in bit order: the
 * parser's check and messages and the runner's declaration read them here. */
static const struct {
    const char *word;
    MsHostLacks bit;
} host_lacks_words[] = {
    { "gpu", MS_HOST_LACKS_GPU },
    { "tpm-module", MS_HOST_LACKS_TPM_MODULE },
    { "usb", MS_HOST_LACKS_USB },
    { "blkio-weight", MS_HOST_LACKS_BLKIO_WEIGHT },
    { "idmap", MS_HOST_LACKS_IDMAP },
    { "criu", MS_HOST_LACKS_CRIU },
    { "free-ipv4-subnet", MS_HOST_LACKS_FREE_IPV4_SUBNET },
};
G_STATIC_ASSERT(1 << (G_N_ELEMENTS(host_lacks_words) - 1) == MS_HOST_LACKS_FREE_IPV4_SUBNET);

MsHostLacks
ms_host_lacks_from_word(const char *word)
{
    for (guint i = 0; i < G_N_ELEMENTS(host_lacks_words); i++)
        if (g_strcmp0(word, host_lacks_words[i].word) == 0)
            return host_lacks_words[i].bit;
    return 0;
}

char *
ms_host_lacks_words(const char *separator)
{
    GString *words = g_string_new(NULL);

    for (guint i = 0; i < G_N_ELEMENTS(host_lacks_words); i++)
        g_string_append_printf(words, "%s%s", i > 0 ? separator : "", host_lacks_words[i].word);
    return g_string_free(words, FALSE);
}

gboolean
ms_member_same_host(const MsMember *a, const MsMember *b)
{
    return a == b || (a->host_id != 0 && a->host_id == b->host_id);
}

MsMember *
ms_member_new(const char *name, guint id)
{
    MsMember *member = g_new0(MsMember, 1);

    member->name = g_ref_string_new(name);
    member->name_key = ms_str_intern_forever(name);
    member->id = id;
    member->status = MS_MEMBER_ONLINE;
    member->db_status = MS_MEMBER_ONLINE;
    member->architecture = g_ref_string_new("x86_64");
    member->failure_domain = g_ref_string_new("default");
    {
        GPtrArray *groups = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(groups, g_strdup("default"));
        member->groups = groups;
    }
    member->scheduler_instance = g_ref_string_new("all");
    member->unreachable_since_ms = G_MAXUINT64;
    /* LXD makes the first three members voters and the rest stand-bys. */
    member->role = id <= 3 ? MS_MEMBER_ROLE_VOTER : MS_MEMBER_ROLE_STANDBY;
    return member;
}

MsMember *
ms_member_copy(const MsMember *member)
{
    MsMember *copy = g_new(MsMember, 1);

    ms_member_copy_into(copy, member);
    return copy;
}

void
ms_member_copy_into(MsMember *copy, const MsMember *member)
{
    *copy = *member;
    copy->in_block = FALSE;
    copy->borrowed = FALSE;
    /* the strings are reference-counted (see MsMember): a copy of a state
     * (the explorer makes one per changing step) takes a reference */
    copy->name = g_ref_string_acquire(member->name);
    copy->architecture = g_ref_string_acquire(member->architecture);
    copy->failure_domain = g_ref_string_acquire(member->failure_domain);
    copy->scheduler_instance = g_ref_string_acquire(member->scheduler_instance);
    /* shared: preflight copies 1,000 members per view and per way out, and
     * groups change only through ms_member_groups_mut */
    copy->groups = g_ptr_array_ref((GPtrArray *) member->groups);
    if (member->host_interfaces != NULL)
        copy->host_interfaces = g_ptr_array_ref(member->host_interfaces); /* never changed once set */
    if (member->host_paths != NULL)
        copy->host_paths = g_hash_table_ref(member->host_paths); /* never changed once set */
}

void
ms_member_borrow_into(MsMember *copy, const MsMember *member)
{
    *copy = *member;
    copy->in_block = FALSE;
    copy->borrowed = TRUE;
    if (member->host_interfaces != NULL)
        copy->host_interfaces = g_ptr_array_ref(member->host_interfaces);
    if (member->host_paths != NULL)
        copy->host_paths = g_hash_table_ref(member->host_paths);
}

/* Takes @member's own references to what it borrowed, before a change. */
static void
member_own(MsMember *member)
{
    if (!member->borrowed)
        return;
    g_ref_string_acquire(member->name);
    g_ref_string_acquire(member->architecture);
    g_ref_string_acquire(member->failure_domain);
    g_ref_string_acquire(member->scheduler_instance);
    g_ptr_array_ref((GPtrArray *) member->groups);
    member->borrowed = FALSE;
}

void
ms_member_set_string(MsMember *member, char **field, const char *value)
{
    char *old;

    g_return_if_fail(field == &member->name || field == &member->architecture ||
                     field == &member->failure_domain || field == &member->scheduler_instance);
    member_own(member);
    old = *field;
    *field = g_ref_string_new(value);
    g_ref_string_release(old);
    if (field == &member->name)
        member->name_key = ms_str_intern_forever(value);
}

GPtrArray *
ms_member_groups_mut(MsMember *member)
{
    GPtrArray *own = g_ptr_array_new_full(member->groups->len + 1, g_free);

    member_own(member);

    /* a new array even when this member holds the only reference: GPtrArray
     * does not tell, and groups change seldom (group commands, loading) */
    for (guint i = 0; i < member->groups->len; i++)
        g_ptr_array_add(own, g_strdup(member->groups->pdata[i]));
    g_ptr_array_unref((GPtrArray *) member->groups);
    member->groups = own;
    return own;
}

void
ms_member_free(MsMember *member)
{
    if (member == NULL)
        return;
    if (!member->borrowed) {
        g_ref_string_release(member->name);
        g_ref_string_release(member->architecture);
        g_ref_string_release(member->failure_domain);
        g_ref_string_release(member->scheduler_instance);
        g_ptr_array_unref((GPtrArray *) member->groups);
    }
    if (member->host_interfaces != NULL)
        g_ptr_array_unref(member->host_interfaces);
    if (member->host_paths != NULL)
        g_hash_table_unref(member->host_paths);
    if (!member->in_block)
        g_free(member);
}

MS_ENUM_NAMES(member_status_names, [MS_MEMBER_ONLINE] = "ONLINE", [MS_MEMBER_EVACUATED] = "EVACUATED",
              [MS_MEMBER_OFFLINE] = "OFFLINE")
MS_ENUM_TO_STRING(ms_member_status_to_string, MsMemberStatus, member_status_names)

MsMemberStatus
ms_member_listed_status(const MsMember *member)
{
    if (member->status == MS_MEMBER_OFFLINE && member->db_status == MS_MEMBER_EVACUATED)
        return MS_MEMBER_EVACUATED;
    return member->status;
}

const char *
ms_member_listed_message(const MsMember *member)
{
    switch (ms_member_listed_status(member)) {
    case MS_MEMBER_EVACUATED:
        return "Unavailable due to maintenance";
    case MS_MEMBER_OFFLINE:
        return "No heartbeat";
    default:
        return "Fully operational";
    }
}

MS_ENUM_NAMES(member_status_api_names, [MS_MEMBER_ONLINE] = "Online", [MS_MEMBER_EVACUATED] = "Evacuated",
              [MS_MEMBER_OFFLINE] = "Offline")
MS_ENUM_TO_STRING(ms_member_status_to_api, MsMemberStatus, member_status_api_names)

MS_ENUM_FROM_STRING(ms_member_status_from_string, MsMemberStatus, member_status_names, g_ascii_strcasecmp)

MS_ENUM_NAMES(member_role_names, [MS_MEMBER_ROLE_VOTER] = "voter", [MS_MEMBER_ROLE_STANDBY] = "stand-by",
              [MS_MEMBER_ROLE_SPARE] = "spare")
MS_ENUM_TO_STRING(ms_member_role_to_string, MsMemberRole, member_role_names)

gboolean
ms_member_in_group(const MsMember *member, const char *group)
{
    for (guint i = 0; i < member->groups->len; i++)
        if (g_str_equal(member->groups->pdata[i], group))
            return TRUE;
    return FALSE;
}

MsHostPath
ms_member_host_path(const MsMember *member, const char *path)
{
    if (member == NULL || member->host_paths == NULL)
        return MS_HOST_PATH_UNDECLARED;
    return (MsHostPath) GPOINTER_TO_INT(g_hash_table_lookup(member->host_paths, path));
}

gboolean
ms_member_lacks_answerable(const MsMember *member, MsHostLacks lacks, MsRuleId rule, const MsProfile *profile)
{
    return member != NULL && (member->host_lacks & lacks) == lacks && ms_rule_format(rule, profile) != NULL;
}

gboolean
ms_member_criu_decides(const MsMember *member, MsRuleId rule, const MsProfile *profile)
{
    const char *format = ms_rule_format(rule, profile);

    return format != NULL && strstr(format, "CRIU") != NULL &&
           (member == NULL ||
            !((member->host_lacks & MS_HOST_LACKS_CRIU) || (member->host_has & MS_HOST_HAS_CRIU)));
}

gboolean
ms_member_criu_runs(const MsMember *member, MsRuleId rule, const MsProfile *profile)
{
    if (member == NULL || !(member->host_has & MS_HOST_HAS_CRIU))
        return FALSE;
    return rule == MS_RULE_NONE || strstr(ms_rule_format(rule, profile) ?: "", "CRIU") != NULL;
}
