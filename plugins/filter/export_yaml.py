# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
name: export_yaml
short_description: Write variables as a readable YAML file, with a comment on top
version_added: 0.1.0
author:
  - hwcloud.vpcep contributors (@hwcloud)
description:
  - Returns the text of a YAML variables file for a dictionary, such as the roles' C(endpoint_services_list) and
    C(endpoints_list) that the playbook C(hwcloud.vpcep.export) writes.
  - Unlike the filter C(ansible.builtin.to_nice_yaml), keys keep the order they have (an entry's identity first), and the
    text is what C(ansible-lint) and C(yamllint) accept in a repository - the comment lines, then C(---), block style,
    lists indented under their key by two spaces, no anchors or aliases, long text folded at spaces after about 100
    characters (a line is longer only for a long word), text with line breaks as literal blocks; strings that YAML would read as another type (V(true),
    V(123)) are quoted, and so are those that other YAML readers would (V(1e3) and V(0o17) in YAML 1.2, V(y) and V(N) in
    YAML 1.1's rules).
  - Loading the text gives the input back.
positional: comment
options:
  _input:
    description: The variables to write.
    type: dict
    required: true
  comment:
    description:
      - Lines written as comments (C(# ...)) above the variables, a list or a text with line breaks.
      - A line longer than 118 characters is folded at spaces; an indented line's continuation is indented two spaces
        more.
    type: raw
    default: []
'''

EXAMPLES = r'''
- name: Write the exported lists to services.yml
  ansible.builtin.copy:
    dest: services.yml
    content: "{{ {'endpoint_services_list': entries} | hwcloud.vpcep.export_yaml(['Exported services']) }}"
    mode: "0644"
'''

RETURN = r'''
_value:
  description: The text of the file, ending with a line break.
  type: str
'''

import re
import textwrap
from collections.abc import Mapping

import yaml

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence

# Comment lines are folded to at most this many characters. PyYAML folds a value after the first space past its width,
# so values get a smaller one: lines stay well under yamllint's and ansible-lint's limit (160) unless a word is long.
WIDTH = 120
VALUE_WIDTH = 100


class _Dumper(yaml.SafeDumper):
    """Block style with lists indented under their key, as this collection's own YAML and yamllint's default want it."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data):
        return True


# Line breaks of YAML 1.1 beside \n: written raw (allow_unicode), a loader reads them back as spaces; escaped in double
# quotes, they load back as they were.
OTHER_BREAKS = frozenset('\x85\u2028\u2029')


# Text that PyYAML writes plain and reads back as text, but that other readers take for another type: YAML 1.2's
# numbers without a dot (1e3) and octal numbers (0o17), and YAML 1.1's one-letter booleans (y, N). Quoted, so that a
# linter, an editor or another tool reads a name or a tag as the text it is.
OTHER_READERS = re.compile(r'[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|[yYnN]')


def _represent_text(dumper, value):
    style = '"' if OTHER_BREAKS.intersection(value) else ('|' if '\n' in value else None)
    if style is None and OTHER_READERS.fullmatch(value):
        style = "'"
    return dumper.represent_scalar('tag:yaml.org,2002:str', value, style=style)


_Dumper.add_representer(str, _represent_text)


def _text(value):
    # str.__str__ copies a subclass into a plain str; str() would not for ansible-core's AnsibleUnsafeText (2.18 and
    # before), whose __str__ returns itself, and the dumper represents plain types only.
    return str.__str__(value) if isinstance(value, str) else str(value)


def _plain(value):
    """The value in plain Python types (ansible-core passes unsafe, tagged and lazy ones)."""
    if isinstance(value, Mapping):
        return dict((_text(k), _plain(v)) for k, v in value.items())
    if is_sequence(value):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return _text(value)


def _comment_lines(comment):
    """Each line as a comment, a long one folded at spaces (a command's continuation indented like the command)."""
    texts = [comment] if isinstance(comment, str) else [str(c) for c in comment or []]
    out = []
    for line in [line for text in texts for line in text.splitlines() or ['']]:
        indent = ' ' * (len(line) - len(line.lstrip()))
        folded = textwrap.wrap(line, WIDTH - 2, subsequent_indent=indent + '  ' if indent else '',
                               break_long_words=False, break_on_hyphens=False) or ['']
        out.extend(('# ' + part).rstrip() + '\n' for part in folded)
    return ''.join(out)


def export_yaml(variables, comment=None):
    """Return the YAML text of a variables file with the comment lines on top (see DOCUMENTATION)."""
    if not isinstance(variables, Mapping):
        raise AnsibleFilterError('export_yaml: the input must be a dictionary of variables, got %s'
                                 % type(variables).__name__)
    body = yaml.dump(_plain(variables), Dumper=_Dumper, default_flow_style=False, sort_keys=False, allow_unicode=True,
                     width=VALUE_WIDTH, indent=2)
    return _comment_lines(comment) + '---\n' + body


class FilterModule:
    """The collection's filters."""

    def filters(self):
        """Return the filters by name."""
        return {'export_yaml': export_yaml}
