# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The code blocks of one section of a Markdown page: what the tests run and `make demo` prints, so that the
commands in the documentation are the ones that are tested.

    python tools/doc_snippets.py PAGE "HEADING" [LANGUAGE]    print the blocks (of LANGUAGE only, if given)

The section runs from its heading to the next heading of the same or a higher level; its fenced blocks come
in order, each with its info string (```console, ```yaml, ```sh).
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADING = re.compile(r'^(#{1,6})\s+(.*?)\s*$')
FENCE = re.compile(r'^```(\S*)\s*$')


def section_lines(path, heading):
    """The lines of the section under `heading` (its text, without the #s), fenced blocks included."""
    with open(os.path.join(ROOT, path), encoding='utf-8') as handle:
        lines = handle.read().splitlines()
    level, found, fenced = None, [], False
    for line in lines:
        if FENCE.match(line):
            fenced = not fenced
        match = None if fenced else HEADING.match(line)
        if match and level is not None and len(match.group(1)) <= level:
            break
        if level is not None:
            found.append(line)
        elif match and match.group(2) == heading:
            level = len(match.group(1))
    if level is None:
        raise KeyError('%s has no section "%s"' % (path, heading))
    return found


def blocks(path, heading, language=None):
    """The fenced code blocks of a section, as (language, text), in order."""
    result, current, kind = [], None, None
    for line in section_lines(path, heading):
        fence = FENCE.match(line)
        if fence and current is None:
            current, kind = [], fence.group(1)
        elif fence:
            result.append((kind, '\n'.join(current) + '\n'))
            current = None
        elif current is not None:
            current.append(line)
    return [(kind, text) for kind, text in result if language in (None, kind)]


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    try:
        found = blocks(*sys.argv[1:])
    except (KeyError, OSError) as error:
        sys.exit('doc_snippets: %s' % (error.args[0] if error.args else error))
    if not found:
        sys.exit('doc_snippets: no code block in that section')
    print('\n'.join(text for _kind, text in found), end='')


if __name__ == '__main__':
    main()
