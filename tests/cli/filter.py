#!/usr/bin/env python3
"""Keeps what a golden test of a catalogue command is about and drops what
grows whenever anyone adds a rule or a check site elsewhere, so that the
golden files change only when these fixtures' results change.

Usage: filter.py MODE < output > filtered
  rules-text    only the entries of the rules named in RULES
  rules-json    the same, from `migsim rules --json`
  coverage-text the table rows and uncovered sites of rules the fixtures hit,
                the lists, and the summary without the totals of the table
  coverage-json the rules the fixtures hit, without the totals
  lcov          records of rules the fixtures hit; FNF/BRF/LF totals as N
  profiles      the release names (`migsim profiles`, text or --json): the
                LXD tags migsim simulates; what changed in each is not compared
"""
import json
import re
import sys

RULES = ['CFG.SRVKEY.UNKNOWN', 'EVAC.ALREADY', 'RESTORE.BAD_MODE', 'START.SIZE_STATE_502']
mode = sys.argv[1]
text = sys.stdin.read()
out = []


def hit_rules(lines):
    hit = set()
    for line in lines:
        m = re.match(r'^([A-Z][A-Z0-9_.]+)\s+(\d+)\s+(\d+)\s+\d+/\d+\s', line)
        if m and (int(m.group(2)) or int(m.group(3))):
            hit.add(m.group(1))
    return hit


if mode == 'rules-text':
    keep = False
    for line in text.split('\n'):
        if line and not line.startswith(' '):
            keep = line.split()[0] in RULES
        if keep:
            out.append(line)
elif mode == 'rules-json':
    doc = json.loads(text)
    out.append(json.dumps([r for r in doc if r['id'] in RULES], indent=2, sort_keys=True))
elif mode == 'coverage-text':
    lines = text.split('\n')
    hit = hit_rules(lines)
    for line in lines:
        m = re.match(r'^([A-Z][A-Z0-9_.]+)\s+\d+\s+\d+\s+\d+/\d+\s', line)
        if m and m.group(1) not in hit:
            continue
        m = re.match(r'^  \S+ ([A-Z][A-Z0-9_.]+): never ', line)
        if m and m.group(1) not in hit:
            continue
        if re.match(r'^  [A-Z][A-Z0-9_.]+\s+(not evaluated: |\S+( check)?, \d+ of \d+ sites reached \(pass 0, fail 0\))', line):
            continue
        line = re.sub(r'(\d+) of \d+ check sites \([0-9.]+%\), (\d+) of \d+ rules',
                      r'\1 of N check sites, \2 of N rules', line)
        out.append(line)
elif mode == 'coverage-json':
    doc = json.loads(text)
    for release in doc['releases']:
        for key in ('sites_counted', 'rules_counted', 'percent'):
            release[key] = 'N'
        release['rules'] = [r for r in release['rules'] if r['pass'] or r['fail']]
        for rule in release['rules']:
            for site in rule['sites']:
                site['line'] = 'N'
    out.append(json.dumps(doc, indent=2, sort_keys=True))
elif mode == 'lcov':
    for record in re.split(r'(?<=end_of_record\n)', text):
        hit = set(re.findall(r'^FNDA:[1-9]\d*,(\S+)$', record, re.M))
        # a file none of the fixtures' rules reached is left out: model/
        # files come and go with other work
        if record.startswith('SF:') or '\nSF:' in record:
            if not re.search(r'^FNDA:[1-9]', record, re.M):
                continue
        for line in record.split('\n'):
            if line.startswith('FN:') or line.startswith('FNDA:'):
                if line.split(',', 1)[1] not in hit:
                    continue
            if line.startswith('BRDA:') and line.endswith(',-'):
                continue
            if line.startswith('DA:') and line.endswith(',0'):
                continue
            if line == '':
                continue
            out.append(re.sub(r'^(FNF|BRF|LF):\d+$', r'\1:N', line))
elif mode == 'profiles':
    if text.lstrip().startswith('['):
        out.extend(p['name'] for p in json.loads(text))
    else:
        out.extend(line for line in text.split('\n') if line and not line.startswith(' '))
else:
    sys.exit(f'filter.py: unknown mode {mode}')
print('\n'.join(out))
