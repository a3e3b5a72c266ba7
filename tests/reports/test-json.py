#!/usr/bin/env python3
"""The JSON report (docs/report-schema.md, schema_version 1): it parses, and
every step carries its outcome, whether its expectation held, the rules it
hit and the cluster state after it; --json alone makes the runner capture
the states.  Counts are checked against each other and against the
transcript of the same run, so a writer that drops or invents data fails.

Usage: test-json.py MIGSIM   (from the source root)"""
import json
import subprocess
import sys
import tempfile

MIGSIM = sys.argv[1]
SCENARIOS = ["scenarios/lxd-15218.scn", "tests/reports/data/failing.scn"]
STATE_KEYS = ["release", "members", "pools", "volumes", "profiles", "instances", "cluster_groups",
              "networks", "placement_groups", "server_config"]
# cluster groups, networks and placement groups are listed only by model
# versions that track them; everything else is always present, in this order
OPTIONAL_STATE_KEYS = {"cluster_groups", "networks", "placement_groups"}


def state_keys_ok(state):
    keys = list(state)
    return keys == [k for k in STATE_KEYS if k in keys] and \
        all(k in keys for k in STATE_KEYS if k not in OPTIONAL_STATE_KEYS)
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def run(*args):
    return subprocess.run([MIGSIM, *args], capture_output=True, text=True)


with tempfile.TemporaryDirectory() as tmp:
    path = tmp + "/report.json"
    proc = run("run", "--color=never", "--explain", "--json", path, *SCENARIOS)
    check(proc.returncode == 1, "exit status %d, expected 1 (failing.scn fails)" % proc.returncode)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    report = json.loads(text)
    transcript = proc.stdout

    # twice the same run, the same bytes: the report is deterministic
    again = tmp + "/again.json"
    run("run", "--color=never", "--explain", "--json", again, *SCENARIOS)
    with open(again, encoding="utf-8") as f:
        check(f.read() == text, "two runs gave different JSON reports")

check(list(report)[:4] == ["schema", "schema_version", "migsim_version", "scenarios"],
      "top-level keys out of order: %s" % list(report))
check(report["schema"] == "migsim-report", "schema is %r" % report["schema"])
check(report["schema_version"] == 1, "schema_version is %r" % report["schema_version"])
check([s["path"] for s in report["scenarios"]] == SCENARIOS, "scenario paths or order")

for sc in report["scenarios"]:
    where = sc["path"]
    for key in ["path", "title", "release", "passed", "commands", "checks", "failed", "initial_state",
                "steps", "rules"]:
        check(key in sc, "%s: no %r" % (where, key))
    check(state_keys_ok(sc["initial_state"]), "%s: initial_state keys %s" % (where, list(sc["initial_state"])))
    kinds = [s["kind"] for s in sc["steps"]]
    check(kinds.count("command") == sc["commands"], "%s: commands count" % where)
    check(kinds.count("check") == sc["checks"], "%s: checks count" % where)
    unmet = [s for s in sc["steps"] if s["kind"] != "directive" and not s["met"]]
    check(len(unmet) == sc["failed"], "%s: %d unmet steps, failed = %d" % (where, len(unmet), sc["failed"]))
    check(sc["passed"] == (sc["failed"] == 0), "%s: passed flag" % where)
    check(("-- %s: %d commands, %d checks, %d failed" % (where, sc["commands"], sc["checks"], sc["failed"]))
          in transcript, "%s: counts differ from the transcript" % where)

    ledger = {}
    for step in sc["steps"]:
        at = "%s:%d" % (where, step["line"])
        check(step["kind"] in ("command", "check", "directive"), "%s: kind %r" % (at, step["kind"]))
        # the state after every step, captured because --json was given
        check(isinstance(step.get("state"), dict) and state_keys_ok(step["state"]),
              "%s: no state snapshot" % at)
        if step["kind"] == "directive":
            check("expected" not in step and "met" not in step, "%s: a directive has an expectation" % at)
            continue
        check(isinstance(step["met"], bool) and isinstance(step["expected"], str), "%s: expected/met" % at)
        check((step["mismatch"] is None) == step["met"], "%s: mismatch set iff not met" % at)
        if step["kind"] == "check":
            check("outcome" not in step and "rule_hits" not in step, "%s: a check has an outcome" % at)
            continue
        out = step["outcome"]
        check(list(out) == ["ok", "error", "server_error", "http_status", "async", "rule", "events", "notes",
                            "output"], "%s: outcome keys %s" % (at, list(out)))
        check((out["error"] is None) == out["ok"], "%s: error set iff not ok" % at)
        check(out["http_status"] == 200 if out["ok"] else out["http_status"] >= 400, "%s: http_status" % at)
        check(isinstance(step["rule_hits"], list), "%s: no rule_hits" % at)
        for hit in step["rule_hits"]:
            check(list(hit) == ["rule", "result", "subject"] and hit["result"] in ("pass", "fail"),
                  "%s: rule hit %r" % (at, hit))
            ledger.setdefault(hit["rule"], {"pass": 0, "fail": 0})[hit["result"]] += 1
        if out["rule"] is not None:
            check(any(h["rule"] == out["rule"] and h["result"] == "fail" for h in step["rule_hits"]),
                  "%s: deciding rule %s is not among the failed hits" % (at, out["rule"]))
        check(isinstance(step.get("explanation"), str) and step["explanation"], "%s: --explain gave nothing" % at)
    # the per-scenario ledger is the sum of the hits
    check(sc["rules"] == ledger, "%s: rules ledger differs from the sum of rule_hits" % where)

# what the transcript shows for lxd-15218, in the JSON
sc = report["scenarios"][0]
restore = next(s for s in sc["steps"] if s["text"] == "lxc cluster restore m1 --force" and not s["outcome"]["ok"])
check(restore["outcome"]["rule"] == "DISK.STATEFUL.REMOTE_POOL", "restore: rule %r" % restore["outcome"]["rule"])
check(restore["met"] is True, "restore: the expected error should be met")
check(restore["outcome"]["error"].startswith('Failed starting instance "v1"'), "restore: error text")
evacuate = next(s for s in sc["steps"] if s["text"] == "lxc cluster evacuate m1 --force")
members = {m["name"]: m["status"] for m in evacuate["state"]["members"]}
check(members == {"m1": "EVACUATED", "m2": "ONLINE", "m3": "ONLINE"}, "evacuate: member states %s" % members)
v1 = next(i for i in evacuate["state"]["instances"] if i["name"] == "v1")
check(v1["status"] == "STOPPED" and v1["location"] == "m1", "evacuate: v1 is %s on %s" % (v1["status"], v1["location"]))
check("migration.stateful=true comes from the server key" in restore["explanation"], "restore: explanation")

# the failing scenario: expected and actual are both there
fs = report["scenarios"][1]
first = next(s for s in fs["steps"] if s["line"] == 9)
check(first["met"] is False and first["outcome"]["ok"] is True, "failing.scn:9 should be ok but unmet")
check(first["expected"] == 'Error: instance "c1" <exists> & \x1b[31mred\x1b[0m \x01 done',
      "failing.scn:9: the expectation is not carried verbatim: %r" % first["expected"])

for message in failures:
    print("FAIL:", message)
if not failures:
    print("ok: %d scenarios, %d steps" % (len(report["scenarios"]),
                                         sum(len(s["steps"]) for s in report["scenarios"])))
sys.exit(1 if failures else 0)
