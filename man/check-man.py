#!/usr/bin/env python3
"""Do the man pages say what `--help` says?

Usage: check-man.py MIGSIM MANDIR

Renders every page in MANDIR with man(1) (groff, as a reader sees it) and
compares, for the commands listed by `migsim --help`: one page per command
and no other, the command's one-line summary, its synopsis, every option
(short and long name, argument, description) and the description text of
`migsim COMMAND --help`.  An option in one and not the other fails."""
import os
import re
import subprocess
import sys

OPTION = re.compile(r"^(?:-(\w), )?--([\w-]+)(?:=(\S+))?(?:\s+(\S.*))?$")
HELP_OPTION = re.compile(r"^  (?:-(\w), )?--([\w-]+)(?:=(\S+))?  +(\S.*)$")
ENV = dict(os.environ, LC_ALL="C.UTF-8", MANWIDTH="2000", MAN_KEEP_FORMATTING="", MANPAGER="cat", PAGER="cat")
problems = []


def run(*argv):
    return subprocess.run(argv, check=True, capture_output=True, text=True, env=ENV).stdout


def squash(text):
    return " ".join(text.split())


def sections(page):
    """The rendered page as {SECTION: [lines, indentation removed]}."""
    out, current = {}, None
    for line in run("man", "-l", page).splitlines():
        if re.match(r"^[A-Z][A-Z ]+$", line):
            current = out.setdefault(line, [])
        elif current is not None and line.startswith("       "):
            current.append(line[7:])
        elif current is not None and line == "":
            current.append("")
    return out


def man_options(lines):
    """[(short, long, arg, description)] of a rendered OPTIONS section."""
    options, entry = [], None
    for line in lines:
        m = OPTION.match(line) if not line.startswith(" ") else None
        if m:
            entry = list(m.groups())
            entry[3] = entry[3] or ""
            options.append(entry)
        elif entry is not None and line.strip():
            entry[3] += " " + line.strip()
    return [(s, l, a, squash(d)) for s, l, a, d in options]


def help_of(migsim, command):
    lines = run(migsim, command, "--help").split("\n")
    usage = lines[lines.index("Usage:") + 1].strip()
    options = [m.groups() for m in map(HELP_OPTION.match, lines) if m]
    last = max(i for i, line in enumerate(lines) if HELP_OPTION.match(line))
    return usage, [(s, l, a, squash(d)) for s, l, a, d in options], [line for line in lines[last + 1:]]


def compare(what, in_help, in_man):
    for item in in_help:
        if item not in in_man:
            problems.append("%s: %r in --help, not in the man page" % (what, item))
    for item in in_man:
        if item not in in_help:
            problems.append("%s: %r in the man page, not in --help" % (what, item))


def strip_blank(lines):
    lines = list(lines)
    while lines and lines[0] == "":
        lines.pop(0)
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def main():
    migsim, mandir = sys.argv[1:3]
    top = run(migsim, "--help").split("\n")
    start = top.index("Commands:") + 1
    commands = {}
    for line in top[start:]:
        if not line.startswith("  "):
            break
        name, summary = line.split(None, 1)
        commands[name] = summary
    pages = {f[len("migsim-"):-2] for f in os.listdir(mandir) if f.startswith("migsim-") and f.endswith(".1")}
    compare("commands", sorted(commands), sorted(pages))

    main_sections = sections(os.path.join(mandir, "migsim.1"))
    listed = [line for line in main_sections.get("COMMANDS", []) if line.startswith("migsim-")]
    compare("migsim(1) commands", ["migsim-%s(1)" % c for c in commands], listed)

    for command in sorted(set(commands) & pages):
        page = sections(os.path.join(mandir, "migsim-%s.1" % command))
        what = "migsim-%s(1)" % command
        name_line = squash(" ".join(page.get("NAME", [])))
        compare(what + " NAME", ["migsim-%s - %s" % (command, commands[command])], [name_line])
        usage, options, description = help_of(migsim, command)
        synopsis = squash(" ".join(page.get("SYNOPSIS", [])))
        usage = "migsim " + usage.rsplit(" - ", 1)[0].replace("[OPTION…]", "[OPTION...]")
        compare(what + " SYNOPSIS", [usage], [synopsis])
        compare(what + " option", options, man_options(page.get("OPTIONS", [])))
        compare(what + " DESCRIPTION", ["\n".join(strip_blank(description))],
                ["\n".join(strip_blank(page.get("DESCRIPTION", [])))])

    for problem in problems:
        print("check-man: " + problem)
    print("check-man: %d command pages, %d problems" % (len(pages), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
