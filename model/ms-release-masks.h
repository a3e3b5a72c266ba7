/* migsim: the per-release masks behind ms_profile_has and ms_rule_applies
 * (model/ms-version.c, model/ms-rule-text.c), and the span reads they
 * cache, for the unit test that compares the two. */
#pragma once

#include "ms-rules.h"
#include "ms-version.h"

G_BEGIN_DECLS

/* @profile's index in ms_profiles(), or -1 for a profile outside that array. */
gint ms_profile_slot(const MsProfile *profile);
/* ms_profile_has and ms_rule_applies read from the span tables on every
 * call (what the masks cache per release). */
gboolean ms_profile_has_by_span(const MsProfile *profile, MsFeature feature);
gboolean ms_rule_applies_by_span(MsRuleId id, const MsProfile *profile);

G_END_DECLS
