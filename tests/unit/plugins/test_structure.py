# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 22 points 4 and 5, read from the source (ast) of every Python file in plugins/, a new one included:

- no class is over 250 lines and no function over 50 (a class that grows past it is split by concern, as the
  client and the resource engine were);
- fail_json is called in one place only, HwcloudModule.run: everything else raises an HwcloudError;
- nothing is written for Python 2 (`class X(object)`, `__nonzero__`, `super(X, self)`, the __future__ and
  __metaclass__ boilerplate): the collection's modules run on Python 3.10 and later (tests/config.yml).
"""
import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PLUGINS = os.path.join(ROOT, 'plugins')
CLASS_MAX = 250
FUNCTION_MAX = 50


def sources():
    """Every Python file of plugins/, relative to the collection's root."""
    for folder, _dirs, files in os.walk(PLUGINS):
        for name in sorted(files):
            if name.endswith('.py'):
                yield os.path.relpath(os.path.join(folder, name), ROOT)


def tree_of(relative):
    with open(os.path.join(ROOT, relative), encoding='utf-8') as handle:
        return ast.parse(handle.read())


def defined(tree):
    """Every class and function with its qualified name: (kind, name, node)."""
    found = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                name = prefix + child.name
                found.append(('class' if isinstance(child, ast.ClassDef) else 'function', name, child))
                visit(child, name + '.')
            else:
                visit(child, prefix)

    visit(tree, '')
    return found


def length(node):
    return node.end_lineno - node.lineno + 1


FILES = sorted(sources())


def test_every_plugin_file_is_read():
    assert 'plugins/module_utils/base.py' in FILES and 'plugins/modules/vpcep_service.py' in FILES


@pytest.mark.parametrize('relative', FILES)
def test_no_class_over_250_lines_no_function_over_50(relative):
    too_long = ['%s %s: %d lines' % (kind, name, length(node)) for kind, name, node in defined(tree_of(relative))
                if length(node) > (CLASS_MAX if kind == 'class' else FUNCTION_MAX)]
    assert not too_long, '%s: %s' % (relative, too_long)


def callers_of(tree, names):
    """The qualified names of the classes and functions that call any of `names` as a method (`<module>` outside)."""
    found = set()

    def visit(node, scope):
        for child in ast.iter_child_nodes(node):
            inner = scope
            if isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                inner = child.name if scope == '<module>' else scope + '.' + child.name
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute) and child.func.attr in names:
                found.add(scope)
            visit(child, inner)

    visit(tree, '<module>')
    return found


def test_fail_json_is_called_only_in_hwcloud_module_run():
    callers = sorted('%s %s' % (relative, name) for relative in FILES
                     for name in callers_of(tree_of(relative), ('fail_json', 'fail_from_error')))
    assert callers == ['plugins/module_utils/base.py HwcloudModule.run']


@pytest.mark.parametrize('relative', FILES)
def test_written_for_python_3(relative):
    tree = tree_of(relative)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(isinstance(b, ast.Name) and b.id == 'object' for b in node.bases):
            found.append('class %s(object)' % node.name)
        if isinstance(node, ast.FunctionDef) and node.name == '__nonzero__':
            found.append('__nonzero__')
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == '__nonzero__' for t in node.targets):
            found.append('__nonzero__')
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == 'super' and node.args:
            found.append('super(...) with arguments at line %d' % node.lineno)
        if isinstance(node, ast.ImportFrom) and node.module == '__future__':
            found.append('from __future__ import')
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == '__metaclass__' for t in node.targets):
            found.append('__metaclass__')
    assert not found, '%s: %s' % (relative, found)
