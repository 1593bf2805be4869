# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 22: the layers of plugins/module_utils, read from the source's imports (ast), a new file included.

Declarations (resources/) sit side by side: each imports only the kit, the client, the errors and the small
shared modules, never another declaration. The kit knows no declaration; the client knows neither the kit nor a
declaration; only the module base imports Ansible.
"""
import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
MODULE_UTILS = os.path.join(ROOT, 'plugins', 'module_utils')
PACKAGE = 'ansible_collections.hwcloud.vpcep.plugins.module_utils.'

# What each part of module_utils may import of the collection, by the first part of the imported module's name
# below module_utils ('kit' for kit.engine, 'names' for names).
SHARED = {'errors', 'limits', 'parallel'}
ALLOWED = {
    'resources': {'kit', 'client', 'names'} | SHARED,
    'names': {'kit', 'client'} | SHARED,
    'kit': {'kit', 'client'} | SHARED,
    'client': {'client', 'signer'} | SHARED,
    'parallel': {'limits'},
    'errors': set(),
    'limits': set(),
    'signer': set(),
    # Above the declarations: the module base and the roles' list checks.
    'base': {'client', 'kit'} | SHARED,
    'entries': {'base', 'kit', 'names', 'resources'} | SHARED,
    # The fleet modules' declarations: above the declarations (each fleet names its own), with the list checks.
    'fleets': {'entries', 'kit', 'resources'} | SHARED,
}
# Layers 4 and 5 only: everything below runs without Ansible (a client used on its own, the simulator's tests).
ANSIBLE_IMPORTERS = {'base.py'}


def sources():
    """Every Python file of module_utils, as (path relative to module_utils, its part)."""
    for folder, _dirs, files in os.walk(MODULE_UTILS):
        for name in sorted(files):
            if name.endswith('.py'):
                relative = os.path.relpath(os.path.join(folder, name), MODULE_UTILS)
                yield relative, relative.split(os.sep, maxsplit=1)[0].replace('.py', '')


def imported(relative):
    """The modules a file imports (absolute names; `from x import y` gives x.y too, y may be a module)."""
    with open(os.path.join(MODULE_UTILS, relative), encoding='utf-8') as handle:
        tree = ast.parse(handle.read())
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, '%s: a relative import' % relative
            names.append(node.module)
            names.extend('%s.%s' % (node.module, alias.name) for alias in node.names)
    return names


def own_parts(relative):
    """The parts of module_utils a file imports, with the imported module names."""
    found = {}
    for name in imported(relative):
        if name.startswith(PACKAGE):
            found.setdefault(name[len(PACKAGE):].split('.')[0], set()).add(name[len(PACKAGE):])
    return found


FILES = sorted(sources())


def test_every_part_has_a_rule():
    assert set(part for _relative, part in FILES if part != '__init__') <= set(ALLOWED), \
        'a new part of module_utils: say in ALLOWED what it may import'
    assert [relative for relative, _part in FILES if relative.startswith('resources' + os.sep)], 'no declaration found'


@pytest.mark.parametrize('relative, part', FILES)
def test_each_file_imports_only_the_layers_below_it(relative, part):
    found = own_parts(relative)
    wrong = dict((other, sorted(names)) for other, names in found.items() if other not in ALLOWED.get(part, set()))
    assert not wrong, '%s imports %s' % (relative, wrong)


@pytest.mark.parametrize('relative', [r for r, part in FILES if part == 'resources' and not r.endswith('__init__.py')])
def test_no_declaration_imports_another(relative):
    others = sorted(n for n in own_parts(relative).get('resources', ()))
    assert others == [], '%s imports the declarations %s' % (relative, others)


@pytest.mark.parametrize('relative, part', FILES)
def test_only_the_module_base_imports_ansible(relative, part):
    ansible = sorted(n for n in imported(relative) if n == 'ansible' or n.startswith('ansible.'))
    if relative in ANSIBLE_IMPORTERS:
        return
    assert ansible == [], '%s imports %s' % (relative, ansible)
