#!/usr/bin/env python3
"""Fails when a file includes a header from a layer above its own.

The layers, bottom up (docs/architecture.md):
    model <- reports <- scenario <- {live, tools} <- cli, and live <- serve <- cli
A file may include headers of its own layer and of the layers below it.
Headers that are not in the tree (system, GLib, generated) are not checked.
Usage: check-layers.py SOURCE_ROOT
"""
import pathlib
import re
import sys

LAYERS = {
    'model': {'model'},
    'reports': {'model', 'reports'},
    'sim/scenario': {'model', 'reports', 'sim/scenario'},
    'sim/live': {'model', 'reports', 'sim/scenario', 'sim/live'},
    'sim/tools': {'model', 'reports', 'sim/scenario', 'sim/tools'},
    'sim/serve': {'model', 'reports', 'sim/scenario', 'sim/live', 'sim/serve'},
    'sim/cli': {'model', 'reports', 'sim/scenario', 'sim/live', 'sim/tools', 'sim/serve', 'sim/cli'},
}

root = pathlib.Path(sys.argv[1])
home = {}  # header name -> layer
for layer in LAYERS:
    for header in (root / layer).glob('*.h'):
        if header.name in home:
            sys.exit(f'{header}: the header name is also in {home[header.name]}')
        home[header.name] = layer

errors = []
n_files = 0
for layer, allowed in LAYERS.items():
    for path in sorted((root / layer).glob('*.[ch]')):
        n_files += 1
        for number, line in enumerate(path.read_text().splitlines(), 1):
            m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            if m is None:
                continue
            target = home.get(pathlib.Path(m.group(1)).name)
            if target is not None and target not in allowed:
                errors.append(f'{path.relative_to(root)}:{number}: includes {m.group(1)} from {target}, '
                              f'a layer above {layer}')
# a layer that vanished or moved would make the check vacuous
if n_files < 50:
    sys.exit(f'only {n_files} files found under {root}: is the layer list up to date?')
for error in errors:
    print(error, file=sys.stderr)
sys.exit(1 if errors else 0)
