# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run `antsibull-docs lint-collection-docs` with temporary directory names that never end in "_".

antsibull-docs copies the collection to a temporary directory (tempfile.mkdtemp, "antsibull-docs-" and
eight random letters, digits or "_") and, with `edit_on_github` in docs/docsite/links.yml, puts that path
into each plugin page's edit link. When the random part ends in "_", reStructuredText reads
"antsibull-docs-xxxxxxx_" as a reference and the lint fails ("Unknown target name"), about one run in
37. The names drawn here leave "_" out, which makes the lint deterministic; the arguments are passed on.
"""
import sys
import tempfile

from antsibull_docs.cli.antsibull_docs import main


class Names(tempfile._RandomNameSequence):  # pylint: disable=protected-access
    """tempfile's random names without "_"."""
    characters = 'abcdefghijklmnopqrstuvwxyz0123456789'


if __name__ == '__main__':
    tempfile._name_sequence = Names()  # pylint: disable=protected-access
    sys.argv = ['antsibull-docs', 'lint-collection-docs'] + sys.argv[1:]
    sys.exit(main())
