#!/usr/bin/env python3
"""JUnit and JSON as CI pipelines read them (docs/reports.md, "In CI").

1. One invalid file does not lose the other results: every file is parsed
   first, the invalid one is a JUnit <error>, a JSON "errors" entry and an
   HTML section with its file:line message, the valid ones run and are
   reported, exit 3.
2. An error expected in other words than the outcome's: the words that
   differ, in the terminal, JUnit and HTML.
3. Test identity is stable across a line insertion, as Jenkins and GitLab
   compute it.  The parsing rules are written here from their sources, not
   from migsim: Jenkins (junit-plugin, hudson/tasks/junit/CaseResult.java)
   takes the testcase's classname, splits it at its LAST '.' into package
   and class ("(root)" when there is no dot) and identifies a test by
   package + class + name; GitLab (lib/gitlab/ci/parsers/test/junit.rb,
   lib/gitlab/ci/reports/test_case.rb) keys a test by classname and name.
4. Several releases in one run: the release is part of the identity, and
   Jenkins' split puts the file in the package and the release in the class,
   never inside "x.scn" or "lxd-6.9".

Usage: test-junit-ci.py MIGSIM   (from the source root)"""
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

MIGSIM = os.path.abspath(sys.argv[1])
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run(*args, cwd=None):
    return subprocess.run([MIGSIM, *args], capture_output=True, text=True, cwd=cwd)


def jenkins_ids(path):
    ids = []
    for case in ET.parse(path).getroot().iter("testcase"):
        classname = case.get("classname") or ""
        dot = classname.rfind(".")
        package, cls = ("(root)", classname) if dot < 0 else (classname[:dot], classname[dot + 1:])
        ids.append((package, cls, case.get("name")))
    return ids


def gitlab_ids(path):
    return [(c.get("classname"), c.get("name")) for c in ET.parse(path).getroot().iter("testcase")]


with tempfile.TemporaryDirectory() as tmp:
    # 1. an invalid file among valid ones
    bad = os.path.join(tmp, "bad.scn")
    with open(bad, "w") as f:
        f.write("members m1 m2\n\nlxc launch img c1 --target m1\nlxc cluster evacuat m1\n")
    good = "scenarios/lxd-15218.scn"
    failing = "tests/reports/data/failing.scn"
    xml, rep, page = os.path.join(tmp, "j.xml"), os.path.join(tmp, "r.json"), os.path.join(tmp, "r.html")
    proc = run("run", "-q", "--junit", xml, "--json", rep, "--html", page, good, bad, failing)
    check(proc.returncode == 3, "invalid file: exit %d, expected 3 (wins over 1)" % proc.returncode)
    check(bad + ":4: " in proc.stderr, "invalid file: stderr does not name file:line: " + proc.stderr)
    root = ET.parse(xml).getroot()
    suites = root.findall("testsuite")
    check([s.get("name") for s in suites] == [good + " [lxd-5.21.7]", bad, failing + " [lxd-6.9]"],
          "invalid file: suites are not the three files in order: %s" % [s.get("name") for s in suites])
    check(root.get("errors") == "1", "testsuites errors=%s, expected 1" % root.get("errors"))
    errors = root.findall(".//error")
    check(len(errors) == 1 and errors[0].get("message", "").startswith(bad + ":4: "),
          "invalid file: no <error> with file:line: %s" % [e.attrib for e in errors])
    check(len(suites[0].findall("testcase")) == 28 and len(suites[2].findall(".//failure")) == 3,
          "the valid files' results are not complete")
    report = json.load(open(rep))
    check([s["path"] for s in report["scenarios"]] == [good, failing], "JSON scenarios: %s" % report["scenarios"])
    check(report["errors"] == [{"path": bad, "line": 4, "message": errors[0].get("message")}],
          "JSON errors: %s" % report["errors"])
    # the HTML report too (it crashed on an invalid file before)
    check(os.path.exists(page), "invalid file: no HTML report written")
    html = open(page).read() if os.path.exists(page) else ""
    check("3 scenarios: 1 passed, 1 failed, 1 invalid" in html, "HTML summary does not count the invalid file")
    check("Not run: the file could not be loaded" in html and bad + ":4: " in html,
          "HTML does not show the invalid file's file:line message")
    check(html.count('<section class="scenario"') == 3, "HTML does not have a section per file")
    # -x with an invalid file runs nothing, but still reports it
    proc = run("run", "-q", "-x", "--json", rep, good, bad)
    report = json.load(open(rep))
    check(proc.returncode == 3 and report["scenarios"] == [] and len(report["errors"]) == 1,
          "-x with an invalid file: exit %d, %s" % (proc.returncode, report))

    # 2. two error texts that differ in some words: the words, marked as
    # git --word-diff marks them (hand-written here), in all three writers
    reworded = "tests/reports/data/reworded.scn"
    want = ("Error: Failed [-to update-] {+updating+} cluster member state: "
            "[-Member-] {+Cluster member+} not found")
    proc = run("run", "--color=never", "--junit", xml, "--html", page, reworded)
    check(proc.returncode == 1 and "        words: " + want + "\n" in proc.stdout,
          "terminal word diff: exit %d, %s" % (proc.returncode, proc.stdout))
    failure = ET.parse(xml).getroot().find(".//failure")
    check(failure is not None and "\nwords: " + want + "\n" in failure.text, "JUnit word diff missing")
    check('<dd class="words">Error: Failed <del>to update</del> <ins>updating</ins> cluster member state: '
          '<del>Member</del> <ins>Cluster member</ins> not found</dd>' in open(page).read(),
          "HTML word diff missing")

    # 3. a line inserted: every test keeps its identity
    with open(good) as f:
        lines = f.read().split("\n")
    at = next(i for i, l in enumerate(lines) if l.startswith("lxc launch"))
    moved = lines[:at] + ["# a comment", "", "expect member m3 status ONLINE"] + lines[at:]
    copy_a, copy_b = os.path.join(tmp, "a", "x.scn"), os.path.join(tmp, "b", "x.scn")
    for path, text in ((copy_a, lines), (copy_b, moved)):
        os.makedirs(os.path.dirname(path))
        with open(path, "w") as f:
            f.write("\n".join(text))
    xa, xb = os.path.join(tmp, "a.xml"), os.path.join(tmp, "b.xml")
    check(run("run", "-q", "--junit", xa, "x.scn", cwd=os.path.dirname(copy_a)).returncode == 0, "copy a fails")
    check(run("run", "-q", "--junit", xb, "x.scn", cwd=os.path.dirname(copy_b)).returncode == 0, "copy b fails")
    for name, ids in (("Jenkins", jenkins_ids), ("GitLab", gitlab_ids)):
        before, after = ids(xa), ids(xb)
        check(len(set(before)) == len(before), "%s: two tests share an identity" % name)
        added = set(after) - set(before)
        check(set(before) <= set(after) and len(added) == 1 and
              all("expect member m3 status ONLINE" in t[-1] for t in added),
              "%s: identities changed by the insertion: lost %s, added %s" %
              (name, set(before) - set(after), added))
    # Jenkins must not split inside the file name: one release, no dot
    check(all(p == "(root)" and c == "x_scn" for p, c, _ in jenkins_ids(xa)),
          "Jenkins splits the class: %s" % set((p, c) for p, c, _ in jenkins_ids(xa)))

    # 4. two releases: the release is in the class, the file in the package
    proc = run("run", "-q", "--junit", xml, "-p", "lxd-6.9", "-p", "lxd-5.21.7",
               "scenarios/releases/evacuate-networks-not-started.scn")
    ids = jenkins_ids(xml)
    check(proc.returncode == 0, "two releases: exit %d %s" % (proc.returncode, proc.stdout))
    check(set((p, c) for p, c, _ in ids) ==
          {("scenarios/releases/evacuate-networks-not-started_scn", "lxd-6_9"),
           ("scenarios/releases/evacuate-networks-not-started_scn", "lxd-5_21_7")},
          "two releases: Jenkins reads %s" % set((p, c) for p, c, _ in ids))
    check(len(set(ids)) == len(ids), "two releases: two tests share an identity")

# 4. selecting and stopping, in a scratch directory (--last-failed's file)
with tempfile.TemporaryDirectory() as tmp:
    root = os.getcwd()
    good = os.path.join(root, "scenarios/lxd-15218.scn")
    failing = os.path.join(root, "tests/reports/data/failing.scn")
    proc = run("run", "-q", "-k", "15218", good, failing, cwd=tmp)
    check(proc.returncode == 0 and "scenarios: 1 passed, 0 failed" in proc.stdout, "-k 15218: " + proc.stdout)
    proc = run("run", "-q", "-k", "DELIBERATELY*", good, failing, cwd=tmp)  # a glob over the title
    check(proc.returncode == 1 and "0 passed, 1 failed" in proc.stdout, "-k glob on the title: " + proc.stdout)
    proc = run("run", "-q", "-k", "nothing-matches", good, cwd=tmp)
    check(proc.returncode == 2, "-k matching nothing: exit %d, expected 2" % proc.returncode)
    # -q: each failure on one line, file:line, release, text and why
    proc = run("run", "-q", good, failing, cwd=tmp)
    lines = [l for l in proc.stdout.splitlines() if l.startswith("FAIL ")]
    check(lines[1] == "FAIL %s:13 [lxd-6.9] expect instance c1 location m2: location is 'm1', expected m2" % failing
          and len(lines) == 3, "-q failure lines: %s" % lines)
    # --last-failed: the last run recorded failing.scn under lxd-6.9 only
    proc = run("run", "-q", "--last-failed", good, failing, cwd=tmp)
    check("0 passed, 1 failed" in proc.stdout and good not in proc.stdout, "--last-failed: " + proc.stdout)
    run("run", "-q", good, cwd=tmp)  # nothing failed: everything runs next time
    proc = run("run", "-q", "--last-failed", good, failing, cwd=tmp)
    check("1 passed, 1 failed" in proc.stdout and "running everything" in proc.stderr,
          "--last-failed with nothing recorded: " + proc.stdout + proc.stderr)
    # -x: the first failing scenario ends the run
    proc = run("run", "-q", "-x", failing, good, cwd=tmp)
    check(proc.returncode == 1 and "0 passed, 1 failed" in proc.stdout and "stopped by -x" in proc.stdout,
          "-x: " + proc.stdout)
    # one value, given twice: refused, not the last one silently
    for args in (["--json", "a", "--json", "b"], ["--color=never", "--color", "always"],
                 ["-p", "lxd-6.9", "-p", "lxd-6.9"]):
        proc = run("run", "-q", *args, good, cwd=tmp)
        check(proc.returncode == 2 and "twice" in proc.stderr, "%s: exit %d %s" % (args, proc.returncode, proc.stderr))
    # "-" is standard input
    with open(good) as f:
        proc = subprocess.run([MIGSIM, "run", "-q", "--json", "r.json", "-"], stdin=f, capture_output=True,
                              text=True, cwd=tmp)
    check(proc.returncode == 0 and json.load(open(os.path.join(tmp, "r.json")))["scenarios"][0]["path"] == "-",
          "run - < file: exit %d %s" % (proc.returncode, proc.stderr))

for f in failures:
    print("FAIL:", f)
print("ok" if not failures else "%d failure(s)" % len(failures))
sys.exit(1 if failures else 0)
