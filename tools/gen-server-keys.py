#!/usr/bin/env python3
"""Writes model/ms-server-keys.def: every server configuration key LXD accepts
(lxd/cluster/config/config.go and lxd/node/config.go) at every release migsim
simulates, with its type, its literal default and whether it has a validator,
read from the LXD source at each tag.

Usage: gen-server-keys.py LXD_GIT_DIR INCUS_GIT_DIR > model/ms-server-keys.def
       (LXD_GIT_DIR: a clone or bare mirror of canonical/lxd with its tags;
       INCUS_GIT_DIR: the same of lxc/incus, read at the Incus profiles' tags
       vX.Y.Z, internal/server/cluster/config/config.go and
       internal/server/node/config.go.  An Incus key gets a row of its own
       with LXD spans none: what Incus accepts is never inherited from LXD.)

The releases come from the profile table of model/ms-version.c, so adding a
profile and re-running this script is all a new release needs.  A key that
disappears and comes back within one series cannot be written as a release
span and stops the script."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# lxd/cluster/config.go: where the cluster keys lived at lxd-5.0.0
FILES = ("lxd/cluster/config/config.go", "lxd/cluster/config.go", "lxd/node/config.go")
INCUS_FILES = ("internal/server/cluster/config/config.go", "internal/server/node/config.go")


def profiles():
    text = open(os.path.join(ROOT, "model", "ms-version.c")).read()
    out = []
    for name, major, minor, patch in re.findall(
            r'\{ "(lxd-[0-9.]+)", MS_VERSION\((\d+), (\d+), (\d+)\)', text):
        out.append((name, (int(major), int(minor), int(patch))))
    return out


def incus_profiles():
    text = open(os.path.join(ROOT, "model", "ms-version.c")).read()
    return [("v%s.%s.%s" % (a, b, c), (int(a), int(b), int(c)))
            for a, b, c in re.findall(r'\{ "incus-[0-9.]+", MS_VERSION_INCUS\((\d+), (\d+), (\d+)\)', text)]


def series(version):
    major, minor, _ = version
    if major == 5 and minor == 0:
        return "lts50"
    if major == 5 and minor == 21:
        return "lts521"
    if major == 6:
        return "v6"
    raise SystemExit("gen-server-keys: no series for %r" % (version,))


def entry_body(text, start):
    """The text between the '{' at @start and its matching '}'."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1:i]
    return text[start + 1:]


def keys_at(git_dir, tag, files=FILES):
    found = {}
    for path in files:
        try:
            text = subprocess.run(["git", "--git-dir", git_dir, "show", "%s:%s" % (tag, path)],
                                  check=True, capture_output=True, text=True).stdout
        except subprocess.CalledProcessError:
            continue
        for m in re.finditer(r'^[ \t]*"([a-z0-9_.\-]+)":[ \t]*\{', text, re.M):
            key = m.group(1)
            body = entry_body(text, m.end() - 1)
            kind = "MS_SRVKEY_STRING"
            if "config.Bool" in body:
                kind = "MS_SRVKEY_BOOL"
            elif "config.Int64" in body:
                kind = "MS_SRVKEY_INT"
            default = re.search(r'Default:\s*"([^"]*)"', body)
            computed_default = "Default:" in body and default is None
            line = text.count("\n", 0, m.start()) + 1
            found[key] = {
                "kind": kind,
                "default": default.group(1) if default else None,
                "computed_default": computed_default,
                "validator": "Validator:" in body,
                "ref": "%s:%d" % (path, line),
                "scope": "node" if "/node/" in path else "cluster",
            }
    return found


def c_string(value):
    return "NULL" if value is None else '"%s"' % value.replace("\\", "\\\\").replace('"', '\\"')


def span(versions_in, versions_out, key, what):
    first, final = min(versions_in), max(versions_in)
    if any(first <= v <= final for v in versions_out):
        raise SystemExit("gen-server-keys: %s comes and goes within series %s" % (key, what))
    later = [v for v in versions_out if v > final]
    earlier = [v for v in versions_out if v < first]
    return first if earlier else None, min(later) if later else None


def incus_rows(git_dir):
    """One row per key Incus accepts at some profiled tag: LXD spans none,
    the Incus 6.0 LTS and feature spans from the tags that have it."""
    tags = incus_profiles()
    per_tag = [(tag, version, keys_at(git_dir, tag, INCUS_FILES)) for tag, version in tags]
    for key in sorted({k for _, _, keys in per_tag for k in keys}):
        parts = []
        last = None
        # 6.0.x: the LTS span; the feature line: 6.1 .. 6.23, 7.0.0 (main
        # after v6.23.0), 7.1 ...; 7.0.P (P > 0): its own span only where it
        # differs from what the feature line's span says at 7.0.P
        # (model/ms-version.h MsIncusReleases)
        def line(v):
            return "lts60" if v[:2] == (6, 0) else "lts70" if v[:2] == (7, 0) and v[2] > 0 else "feature"

        feature_span = None
        for which in ("lts60", "feature"):
            vin = [v for _, v, keys in per_tag if line(v) == which and key in keys]
            vout = [v for _, v, keys in per_tag if line(v) == which and key not in keys]
            if not vin:
                parts.append("MS_SPAN_NONE")
                continue
            start, until = span(vin, vout, key, "incus-" + which)
            if which == "feature":
                feature_span = (start, until)
            parts.append("{ %s, %s }" % ("1" if start is None else "MS_VERSION_INCUS(%d, %d, %d)" % start,
                                        "0" if until is None else "MS_VERSION_INCUS(%d, %d, %d)" % until))
        for _, v, keys in per_tag:
            if line(v) != "lts70":
                continue
            on_line = feature_span is not None and (feature_span[0] is None or v >= feature_span[0]) and (
                feature_span[1] is None or v < feature_span[1])
            if (key in keys) != on_line:
                if len(parts) == 3:
                    raise SystemExit("gen-server-keys: %s: more than one 7.0.P differs" % key)
                parts.append("MS_SPAN_ALL" if key in keys else "MS_SPAN_NONE_SET")
                if [w for _, w, k in per_tag if line(w) == "lts70" and w != v and (key in k) != (key in keys)]:
                    raise SystemExit("gen-server-keys: %s comes and goes within incus-lts70" % key)
        for tag, version, keys in sorted(per_tag, key=lambda t: t[1]):
            if key in keys:
                last = (tag, keys[key])
        tag, info = last
        yield 'MS_SERVER_KEY(%s, %s, %s, %s, %s, "%s (Incus %s)", { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, { %s } })' % (
            c_string(key), info["kind"], c_string(info["default"]),
            "TRUE" if info["computed_default"] else "FALSE",
            "TRUE" if info["validator"] else "FALSE", info["ref"], tag, ", ".join(parts))


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    git_dir = sys.argv[1]
    # the 5.1 .. 5.20 feature releases are derived profiles: apply_server_config
    # takes a key known at any audited release there, and says so
    tags = [(name, version) for name, version in profiles() if version[:2] == (5, 0) or version[0] != 5
            or version[1] == 21]
    per_tag = [(name, version, keys_at(git_dir, name)) for name, version in tags]
    all_keys = sorted({k for _, _, keys in per_tag for k in keys})
    print("/* Generated by tools/gen-server-keys.py from the LXD source at every simulated")
    print(" * tag, the Incus keys from the Incus source at every simulated Incus tag;")
    print(" * do not edit.  MS_SERVER_KEY(key, kind, literal default or NULL, default")
    print(" * computed by code, has a validator, where it is declared at the last tag")
    print(" * that has it, releases). */")
    for key in all_keys:
        spans = {}
        last = None
        for name, version, keys in per_tag:
            s = series(version)
            span = spans.setdefault(s, {"in": [], "out": []})
            (span["in"] if key in keys else span["out"]).append(version)
            if key in keys:
                last = (name, keys[key])
        parts = []
        for s in ("lts50", "lts521", "v6"):
            span = spans.get(s, {"in": [], "out": []})
            if not span["in"]:
                parts.append("MS_SPAN_NONE")
                continue
            first, final = min(span["in"]), max(span["in"])
            if any(first <= v <= final for v in span["out"]):
                raise SystemExit("gen-server-keys: %s comes and goes within series %s" % (key, s))
            later = [v for v in span["out"] if v > final]
            until = min(later) if later else None
            earlier = [v for v in span["out"] if v < first]
            start = "1" if not earlier else "MS_VERSION(%d, %d, %d)" % first
            end = "0" if until is None else "MS_VERSION(%d, %d, %d)" % until
            parts.append("{ %s, %s }" % (start, end))
        name, info = last
        print('MS_SERVER_KEY(%s, %s, %s, %s, %s, "%s (%s)", { %s })' % (
            c_string(key), info["kind"], c_string(info["default"]),
            "TRUE" if info["computed_default"] else "FALSE",
            "TRUE" if info["validator"] else "FALSE", info["ref"], name, ", ".join(parts)))
    for row in incus_rows(sys.argv[2]):
        print(row)


main()
