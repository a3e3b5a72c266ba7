"""Shared by the rule-table generators tools/gen-derived-rules.py (the LXD
releases not audited by hand) and tools/gen-incus-rules.py (Incus): the
hand-audited table they start from, the search of a Go source tree at a tag,
and the C accessor their generated files end with."""
import re
import subprocess


def rule_table(path='model/ms-rules.c'):
    """(SYM, kind, [C text of each T(...)]) per rule R(...) of @path, in order;
    kind is 'decision', 'wrapper' or 'check'.  The rows of an included
    fragment (#include "ms-rules-*.inc") count where the include stands."""
    base = path.rsplit('/', 1)[0]
    src = re.sub(r'^#include "(ms-rules-[a-z-]+\.inc)"$',
                 lambda m: open(f'{base}/{m.group(1)}').read(), open(path).read(), flags=re.M)
    out = []
    for e in re.split(r'\n    R\(', src)[1:]:
        sym = e.split(')')[0]
        texts = re.findall(r'T\(([^"]*?),\s*"((?:[^"\\]|\\.)*)"\)', e)
        kind = 'decision' if 'MS_RULE_KIND_DECISION' in e else 'wrapper' if 'MS_RULE_KIND_WRAPPER' in e else 'check'
        out.append((sym, kind, [t for _, t in texts]))
    return out


def write_fragments(rules, frags, path):
    """Writes the fragments @frags gives of every text of @rules (rule_table's
    rows) to @path, sorted, one a line (git grep -f reads them); returns them."""
    allf = sorted({f for _, _, ts in rules for t in ts for f in frags(t)})
    open(path, 'w').write('\n'.join(allf) + '\n')
    return allf


def git_grep(git, tag, fragment_file, excludes=()):
    """(fixed string, 'path:line') for each occurrence of a line of
    @fragment_file in the Go sources at @tag of the bare repository @git, not
    in tests nor under @excludes (pathspecs), in git grep's order."""
    r = subprocess.run(['git', '-C', git, 'grep', '-n', '-o', '-F', '-f', fragment_file, tag,
                        '--', '*.go', ':!*_test.go', ':!test/', *excludes], capture_output=True, text=True)
    for line in r.stdout.splitlines():
        _, path, ln, m = line.split(':', 3)
        yield m, f'{path}:{ln}'


def c_accessor(ctype, func, array):
    """The end of a generated table file: the array closed and its accessor."""
    return '''};
/* clang-format on */

const %s *
%s(MsRuleId id)
{
    g_return_val_if_fail(id < MS_RULE_LAST, NULL);
    return &%s[id];
}
''' % (ctype, func, array)
