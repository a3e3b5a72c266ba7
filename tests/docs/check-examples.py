#!/usr/bin/env python3
"""Runs every example in README.md and docs/*.md, so that the docs cannot
drift from what migsim does:

- a fenced block with a `members` line is a scenario: it must run with every
  expectation holding (`migsim run`, or `--all-profiles` when it names
  releases with Error[...]/expect[...] or a `releases` line);
- a fenced block whose first line is `$ migsim ...` (or `$ build/sim/migsim`)
  is a shell session: each `$ COMMAND` runs (in a scratch directory that sees
  the repository's scenarios/, tests/ and docs/) and each line shown under it
  must appear in its output, in order.  Shown output may leave lines out,
  and `…` stands for any text within a line (a line that is only `…` stands
  for any lines).

A block right after `<!-- not run by tests/docs: REASON -->` is not run; the
summary counts and names those blocks, so nothing is skipped silently.

Usage: check-examples.py MIGSIM SOURCE_ROOT
"""
import os
import re
import subprocess
import sys
import tempfile

migsim, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
docs = ['README.md'] + sorted('docs/' + f for f in os.listdir(os.path.join(root, 'docs')) if f.endswith('.md'))
failures = []
checked = 0


def blocks(path):
    text = open(os.path.join(root, path)).read()
    for match in re.finditer(r'^```[a-z]*\n(.*?)^```', text, re.M | re.S):
        yield text.count('\n', 0, match.start()) + 2, match.group(1)


def matches(shown, actual):
    pattern = '.*'.join(re.escape(part) for part in re.split(r'…|\.\.\.', shown.rstrip()))
    return re.fullmatch(pattern, actual.rstrip()) is not None


def check_output(shown_lines, actual_lines):
    """Each shown line appears in order; returns the first that does not."""
    i = 0
    for shown in shown_lines:
        if shown.strip() in ('…', '...', ''):
            continue
        while i < len(actual_lines) and not matches(shown, actual_lines[i]):
            i += 1
        if i == len(actual_lines):
            return shown
        i += 1
    return None


def scratch():
    work = tempfile.mkdtemp(prefix='migsim-docs-')
    for name in ('scenarios', 'tests', 'docs'):
        os.symlink(os.path.join(root, name), os.path.join(work, name))
    os.makedirs(os.path.join(work, 'build', 'sim'))
    os.symlink(migsim, os.path.join(work, 'build', 'sim', 'migsim'))
    return work


not_run = []
for doc in docs:
    text = open(os.path.join(root, doc)).read()
    for line, body in blocks(doc):
        lines = body.split('\n')
        where = f'{doc}:{line}'
        before = text.split('\n')[line - 3] if line >= 3 else ''
        if before.startswith('<!-- not run by tests/docs:'):
            not_run.append(f'{where} ({before[len("<!-- not run by tests/docs:"):].rstrip(" ->").strip()})')
            continue
        if lines[0].startswith('$ migsim ') or lines[0].startswith('$ build/sim/migsim '):
            checked += 1
            # a shell session: each `$ COMMAND` with the output shown under it
            session = []
            for l in lines:
                if l.startswith('$ '):
                    command = l[2:]
                    if command.startswith('migsim '):
                        command = 'build/sim/migsim ' + command[len('migsim '):]
                    session.append((command, []))
                else:
                    session[-1][1].append(l)
            script = ''.join(f'{command}\n__s=$?; echo "@@end of command {n}@@"; (exit $__s)\n'
                             for n, (command, _) in enumerate(session))
            work = scratch()
            run = subprocess.run(['sh', '-c', script], cwd=work, capture_output=True, text=True, timeout=300,
                                 env=dict(os.environ, NO_COLOR='1', LC_ALL='C.UTF-8'))
            outputs = re.split(r'@@end of command \d+@@\n', run.stdout)
            for n, (command, shown) in enumerate(session):
                actual = (outputs[n] if n < len(outputs) else '').split('\n')
                missing = check_output(shown, actual + (run.stderr.split('\n') if n == 0 else []))
                if missing is not None:
                    failures.append(f'{where}: `{command}` does not print:\n    {missing}\n'
                                    f'  it printed:\n    ' + '\n    '.join(actual[:40]))
        elif any(l.startswith('members ') for l in lines):
            checked += 1
            multi = any(re.match(r'^(releases |Error\[|expect\[)', l) for l in lines)
            with tempfile.NamedTemporaryFile('w', suffix='.scn', delete=False) as scn:
                scn.write(body)
            args = [migsim, 'run', '--color=never'] + (['--all-profiles'] if multi else []) + [scn.name]
            run = subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=300)
            os.unlink(scn.name)
            if run.returncode != 0:
                failures.append(f'{where}: the example scenario does not run clean (exit {run.returncode}):\n    '
                                + '\n    '.join((run.stdout + run.stderr).split('\n')[-25:]))
for failure in failures:
    print('FAIL', failure, file=sys.stderr)
print(f'{checked} examples checked, {len(failures)} failed, {len(not_run)} marked not run:')
for block in not_run:
    print(f'  {block}')
sys.exit(1 if failures or checked == 0 else 0)
