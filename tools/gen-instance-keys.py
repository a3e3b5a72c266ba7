#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Write model/ms-instance-keys-gen.inc: the names of the instance config keys
in LXD's and Incus' key maps (InstanceConfigKeysAny/Container/VM) at every
profiled tag, each with the releases whose maps hold it and the class of its
validator there (one row per class when the validator changed between tags).

    tools/gen-instance-keys.py [LXD_GIT] [INCUS_GIT] > model/ms-instance-keys-gen.inc

The maps are in shared/instance.go (lxd-5.0.0 .. 5.0.8, 5.1 .. 5.20) and
lxd/instance/instancetype/instance.go (lxd-5.0.9, 5.21.x, 6.x), and in
internal/instance/config.go (Incus).  Only names and a validator class are
taken: the classes of CLASSES (shared/validate/validate.go's validators that
migsim follows exactly, model/ms-instance-keys.c) and IsOneOf with its list
(string literals, or constants whose '= "value"' is found in the tag's Go
sources).  Any other validator (closures, IsYAML, Or, ...) is
written KEY_UNCHECKED, whose values migsim answers "not modelled".
"""
import re
import subprocess
import sys

LXD = sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror/canonical+lxd/repo"
INCUS = sys.argv[2] if len(sys.argv) > 2 else "/work/.mirror/lxc+incus/repo"
MAPS = {"InstanceConfigKeysAny": "CT | VM", "InstanceConfigKeysContainer": "CT", "InstanceConfigKeysVM": "VM"}
ENTRY = re.compile(r'^\t"([a-zA-Z0-9._-]+)":\s*(.*?),?\s*$')
CLASSES = {"validate.IsAny": "KEY_ANY", "validate.Optional(validate.IsAny)": "KEY_ANY",
           "validate.Optional(validate.IsListOf(validate.IsAny))": "KEY_ANY",
           "validate.Optional(validate.IsBool)": "KEY_BOOL", "validate.IsBool": "KEY_BOOL_REQUIRED",
           "validate.Optional(validate.IsInt64)": "KEY_INT64",
           "validate.Optional(validate.IsUint8)": "KEY_UINT8",
           "validate.Optional(validate.IsUint32)": "KEY_UINT32",
           "validate.Optional(validate.IsPriority)": "KEY_PRIORITY",
           "validate.Optional(validate.IsSize)": "KEY_SIZE",
           "validate.Optional(validate.IsUUID)": "KEY_UUID",
           "validate.Optional(validate.IsCloudInitUserData)": "KEY_CLOUD_INIT",
           "validate.IsNvidiaConfigValue": "KEY_NVIDIA",
           "validate.Optional(validate.IsValidCPUSet)": "KEY_CPUSET",
           "validate.Optional(validate.IsClusterGroupName)": "KEY_GROUP_NAME",
           "validate.IsDeviceName": "KEY_DEVICE_NAME"}
ONE_OF = re.compile(r"^validate\.Optional\(validate\.IsOneOf\(([^()]*)\)\)$")

# the profiled tags (model/ms-version.c), in order within each series
LXD_TAGS = (["lxd-5.0.%d" % p for p in range(10)] + ["lxd-5.%d" % m for m in range(1, 21)]
            + ["lxd-5.21.%d" % p for p in range(8)] + ["lxd-6.%d" % m for m in range(1, 10)])
# v7.0.0 is on main after v6.23.0 (the feature line); v7.0.1 on the 7.0
# branch, written only where it differs from the feature line's span
# (MsIncusReleases.lts70, model/ms-version.h)
INCUS_TAGS = (["v6.0.%d" % p for p in range(7)] + ["v6.%d.0" % m for m in (1, 4, 10, 16, 22, 23)] +
              ["v7.0.0", "v7.1.0", "v7.2.0", "v7.3.0", "v7.0.1"])


def show(repo, tag, path):
    r = subprocess.run(["git", "-C", repo, "show", "%s:%s" % (tag, path)], capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else None


def keys_at(repo, tag, paths):
    for path in paths:
        text = show(repo, tag, path)
        if text and "var InstanceConfigKeysAny" in text:
            break
    else:
        raise SystemExit("no key maps at %s" % tag)
    out, current = {}, None
    for line in text.splitlines():
        m = re.match(r"^var (InstanceConfigKeys\w+) = map", line)
        if m:
            current = m.group(1) if m.group(1) in MAPS else None
            continue
        if line.startswith("}"):
            current = None
        if current:
            e = ENTRY.match(line)
            if e:
                out[(e.group(1), MAPS[current])] = classify(repo, tag, e.group(2))
    return "%s (%s)" % (path, tag), out


def constant(repo, tag, name):
    """The string value of the Go constant NAME (last part of pkg.NAME) at TAG."""
    name = name.split(".")[-1]
    r = subprocess.run(["git", "-C", repo, "grep", "-h", "-E", r"^\s*%s\s*(string\s*)?=\s*\"" % name, tag,
                        "--", "*.go", ":!*_test.go"], capture_output=True, text=True)
    values = {m.group(1) for m in re.finditer(r'=\s*"([^"]*)"', r.stdout)}
    if len(values) != 1:
        raise SystemExit("%s: constant %s has values %s" % (tag, name, values))
    return values.pop()


def classify(repo, tag, expr):
    """(class, its argument: IsOneOf's list as Go's %s prints it, or None)."""
    if expr in CLASSES:
        return (CLASSES[expr], None)
    m = ONE_OF.match(expr)
    if not m:
        return ("KEY_UNCHECKED", None)
    items = []
    for item in (i.strip() for i in m.group(1).split(",")):
        items.append(item[1:-1] if item.startswith('"') else constant(repo, tag, item))
    return ("KEY_ONE_OF", " ".join(items))


def series(tag):
    if tag.startswith("v6.0."):
        return "incus.lts60"
    if tag.startswith("v7.0.") and tag != "v7.0.0":
        return "incus.lts70"
    if tag.startswith("v6.") or tag.startswith("v7."):
        return "incus.v6"
    if tag.startswith("lxd-5.0."):
        return "lts50"
    if tag.startswith("lxd-5.21."):
        return "lts521"
    if tag.startswith("lxd-6."):
        return "v6"
    return "v5"


def version(tag):
    parts = [int(x) for x in tag.split("-")[-1].lstrip("v").split(".")]
    parts += [0] * (3 - len(parts))
    macro = "MS_VERSION_INCUS" if tag.startswith("v") else "MS_VERSION"
    return "%s(%d, %d, %d)" % (macro, *parts)


def spans_of(tags, key, product, cls):
    """Per series, the span of tags whose maps give KEY class CLS (None:
    any class); None when some series has them in more than one run."""
    spans = {}
    for name in ["lts50", "v5", "lts521", "v6", "incus.lts60", "incus.v6"]:  # incus.lts70: below
        in_series = [(t, keys) for t, (_, keys) in tags if series(t) == name]
        present = [i for i, (_, keys) in enumerate(in_series)
                   if key in keys and (cls is None or keys[key] == cls)]
        if not present or name.startswith("incus") != (product == "incus"):
            spans[name] = "MS_SPAN_NONE"
            continue
        if present != list(range(present[0], present[-1] + 1)):
            if cls is None:
                raise SystemExit("%s: not one run of %s tags" % (key, name))
            return None
        start = version(in_series[present[0]][0])
        end = version(in_series[present[-1] + 1][0]) if present[-1] + 1 < len(in_series) else "0"
        spans[name] = "MS_SPAN_RANGE(%s, %s)" % (start, end)
    spans["incus.lts70"] = lts70_span(tags, key, product, cls)
    return spans


def lts70_span(tags, key, product, cls):
    """v7.0.1: unset (MS_SPAN_NONE: the feature line's span answers, and
    7.0.1 sits between v7.0.0 and v7.1.0 in it) unless it differs from v7.0.0."""
    if product != "incus":
        return "MS_SPAN_NONE"
    has = {t: key in keys and (cls is None or keys[key] == cls) for t, (_, keys) in tags}
    if has["v7.0.1"] == has["v7.0.0"]:
        return "MS_SPAN_NONE"
    return "MS_SPAN_ALL" if has["v7.0.1"] else "MS_SPAN_NONE_SET"


def main():
    tags = [(t, keys_at(LXD, t, ["lxd/instance/instancetype/instance.go", "shared/instance.go"])) for t in LXD_TAGS]
    tags += [(t, keys_at(INCUS, t, ["internal/instance/config.go"])) for t in INCUS_TAGS]
    every = sorted({k for _, (_, keys) in tags for k in keys})
    rows = []
    # one row per product and validator class: a validator may differ
    # between LXD and Incus, and change between tags
    for key, product in [(k, p) for k in every for p in ("lxd", "incus")]:
        classes = sorted({keys[key] for t, (_, keys) in tags if key in keys
                          and t.startswith("v") == (product == "incus")}, key=str)
        spans = [spans_of(tags, key, product, cls) for cls in classes]
        if None in spans:  # a class in two runs of one series: not followed
            classes, spans = [("KEY_UNCHECKED", None)], [spans_of(tags, key, product, None)]
        for cls, span in zip(classes, spans):
            choices = '"%s"' % cls[1] if cls[1] is not None else "NULL"
            rows.append('    { "%s", %s, %s,\n      { %s, %s, %s, { %s, %s, %s }, %s }, %s },'
                        % (key[0], key[1], cls[0], span["lts50"], span["lts521"], span["v6"],
                           span["incus.lts60"], span["incus.v6"], span["incus.lts70"], span["v5"], choices))
    print("/* Generated by tools/gen-instance-keys.py from the key maps at %d LXD and %d Incus tags\n"
          " * (%s ... %s; %s ... %s).  Do not edit. */" % (len(LXD_TAGS), len(INCUS_TAGS), tags[0][1][0],
                                                         tags[len(LXD_TAGS) - 1][1][0], tags[len(LXD_TAGS)][1][0],
                                                         tags[-1][1][0]))
    print("/* clang-format off */")
    print("\n".join(rows))
    print("/* clang-format on */")


if __name__ == "__main__":
    main()
