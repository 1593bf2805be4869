# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Ansible markup of the documentation renders as written, in ansible-doc, docs/modules and the docs site.

A markup such as C(...) ends at the first ")": C(http(s)://host) renders as the code "http(s" followed by
"://host)". Such a markup is refused, in every text that ansible-doc and antsibull-docs render: the modules'
DOCUMENTATION, RETURN and EXAMPLES, the doc fragments, and the roles' argument specs.
"""
import glob
import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SOURCES = sorted(glob.glob(os.path.join(ROOT, 'plugins', 'modules', '*.py'))
                 + glob.glob(os.path.join(ROOT, 'plugins', 'doc_fragments', '*.py'))
                 + glob.glob(os.path.join(ROOT, 'roles', '*', 'meta', 'argument_specs.yml')))
# The markups of ansible-doc and antsibull-docs that take a parameter in parentheses.
MARKUP = re.compile(r'\b(?:B|C|E|I|L|M|O|P|RV|U|V)\(([^)]*)\)')


def broken_markup(text):
    """Markups whose text holds a "(" (which the first ")" cuts short), with the line they are on."""
    return ['%d: %s' % (text.count('\n', 0, found.start()) + 1, found.group(0))
            for found in MARKUP.finditer(text) if '(' in found.group(1)]


@pytest.mark.parametrize('path', SOURCES, ids=lambda path: os.path.relpath(path, ROOT))
def test_no_markup_is_cut_short_by_a_parenthesis(path):
    with open(path, encoding='utf-8') as handle:
        assert broken_markup(handle.read()) == []


def test_the_check_finds_a_cut_markup():
    assert broken_markup('- Must be C(http(s)://host[:port][/path]).\n') == ['1: C(http(s)']
    assert broken_markup('O(ports[].client_port) and C(https://host[:port])') == []
