#!/usr/bin/env python3
"""Writes the man page of migsim (--main) or of one `migsim COMMAND`.

Usage: gen-man.py MIGSIM COMMAND|--main VERSION DATADIR OUT

The page is made from what the built binary prints: `migsim --dump-cli`
(the command table of sim/cli/main.c) and `migsim COMMAND --help` (GLib's
rendering of the command's GOptionEntry table and description), so a page
cannot list an option the binary lacks.  man/check-man.py checks the
rendered pages against --help."""
import os
import re
import subprocess
import sys

OPTION = re.compile(r"^  (?:-(\w), )?--([\w-]+)(?:=(\S+))?  +(\S.*)$")


def run(migsim, *args):
    env = dict(os.environ, LC_ALL="C.UTF-8")
    return subprocess.run([migsim, *args], check=True, capture_output=True, text=True, env=env).stdout


def esc(text):
    """Text as roff: backslashes and hyphens escaped, no control line."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text.startswith((".", "'")) else text


def parse_help(text):
    """(synopsis, [(short, long, arg, description)], description lines)."""
    lines = text.split("\n")
    usage = lines[lines.index("Usage:") + 1].strip()
    synopsis = usage.split(" ", 1)[1].rsplit(" - ", 1)[0].replace("[OPTION…]", "[OPTION...]")
    options, rest, i = [], [], lines.index("Usage:") + 2
    while i < len(lines):
        line = lines[i]
        m = OPTION.match(line)
        if m:
            options.append(m.groups())
        elif line.endswith("Options:") or line == "":
            pass
        else:
            rest = lines[i:]
            break
        i += 1
    while rest and rest[-1] == "":
        rest.pop()
    return synopsis, options, rest


def header(name, summary, version):
    return [
        '.TH "%s" 1 "" "migsim %s" "migsim manual"' % (name.upper(), version),
        ".SH NAME",
        "%s \\- %s" % (esc(name), esc(summary)),
    ]


def preformatted(lines):
    return [".nf"] + [esc(line) for line in lines] + [".fi"]


def see_also(datadir):
    return [".SH SEE ALSO", "\\fBmigsim\\fR(1); the documents in %s/, the scenarios in %s/."
            % (esc(datadir + "/doc/migsim"), esc(datadir + "/migsim/scenarios"))]


def command_page(migsim, command, summary, version, datadir):
    synopsis, options, rest = parse_help(run(migsim, command, "--help"))
    out = header("migsim-" + command, summary, version)
    out += [".SH SYNOPSIS", ".B migsim %s" % esc(command), esc(synopsis)]
    out += [".SH OPTIONS"]
    for short, long, arg, description in options:
        names = ("\\fB\\-%s\\fR, " % short if short else "") + "\\fB\\-\\-%s\\fR" % esc(long)
        if arg:
            names += "=\\fI%s\\fR" % esc(arg)
        out += [".TP", names, esc(description)]
    if rest:
        out += [".SH DESCRIPTION"] + preformatted(rest)
    return out + see_also(datadir)


def main_page(migsim, commands, version, datadir):
    text = run(migsim, "--help").rstrip("\n").split("\n")
    about = text[2]
    tail = text[text.index("Commands:") + 1 + len(commands) + 1:]
    out = header("migsim", "simulate LXD cluster evacuation, restore and migration", version)
    out += [".SH SYNOPSIS", ".B migsim", "\\fICOMMAND\\fR [\\fIOPTIONS\\fR...] [\\fIARGS\\fR...]",
            ".br", ".B migsim \\-\\-version", ".SH DESCRIPTION", esc(about), ".SH COMMANDS"]
    for name, summary in commands:
        out += [".TP", "\\fBmigsim\\-%s\\fR(1)" % esc(name), esc(summary)]
    out += [".SH NOTES"] + preformatted(tail)
    return out + see_also(datadir)


def main():
    migsim, command, version, datadir, out_path = sys.argv[1:6]
    commands = [tuple(line.split("\t", 1)) for line in run(migsim, "--dump-cli").splitlines()]
    if command == "--main":
        page = main_page(migsim, commands, version, datadir)
    else:
        summary = dict(commands).get(command)
        if summary is None:
            sys.exit("gen-man.py: migsim has no command '%s' (man/meson.build lists it)" % command)
        page = command_page(migsim, command, summary, version, datadir)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(page) + "\n")


if __name__ == "__main__":
    main()
