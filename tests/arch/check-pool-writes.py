#!/usr/bin/env python3
"""Fails when code takes a changeable (non-const) MsPool from a cluster
without ms_cluster_lookup_pool_mut or ms_cluster_pool_mut_at.

A cluster copy shares its original's pools (ms_cluster_copy, for the
explorer's states); a write through a shared pool would change every state
that holds it.  ms_cluster_lookup_pool gives a const pool, which the
compiler guards (a warning only, so it is checked here too); an element of
cluster->pools read directly is a gpointer the compiler cannot guard, so
only model/ms-cluster.c, which owns the sharing, may take it as MsPool *.
Pools made with ms_pool_new are their cluster's own and not checked.
Usage: check-pool-writes.py SOURCE_ROOT
"""
import pathlib
import re
import sys

OWNER = 'model/ms-cluster.c'
BAD = [
    # a lookup's const pool stored in a changeable pointer
    (re.compile(r'(?<!const )\bMsPool \*\s*\w+\s*=\s*ms_cluster_lookup_pool\('),
     'use ms_cluster_lookup_pool_mut to change a pool, or const MsPool *'),
    # an element of a cluster's pools taken as changeable
    (re.compile(r'(?<!const )\bMsPool \*\s*\w+\s*=\s*[\w>.-]*pools->pdata\['),
     'take cluster pools as const MsPool *, or ms_cluster_pool_mut_at'),
    (re.compile(r'\(\s*MsPool \*\s*\)\s*[\w>.-]*pools->pdata\['),
     'cast cluster pools to const MsPool *, or use ms_cluster_pool_mut_at'),
]

root = pathlib.Path(sys.argv[1])
found = 0
for top in ('model', 'reports', 'sim', 'tests'):
    for path in sorted((root / top).rglob('*.c')):
        rel = path.relative_to(root).as_posix()
        if rel == OWNER:
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            for pattern, advice in BAD:
                if pattern.search(line):
                    print(f'{rel}:{n}: {advice}: {line.strip()}')
                    found += 1
sys.exit(1 if found else 0)
