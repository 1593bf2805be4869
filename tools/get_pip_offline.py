# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Offline stand-in for the pip bootstrap script that ansible-test downloads.

ansible-test fetches get-pip.py from a host outside the package index; it first
looks for a cached copy under ~/.ansible/test/cache/ and runs it with the pip
arguments. This file is that cached copy: it bootstraps pip from the
interpreter's own ensurepip, then installs what ansible-test asked for from the
package index.
"""
import subprocess
import sys

# get-pip.py options that `pip install` does not understand.
GET_PIP_ONLY = ('--no-setuptools', '--no-wheel')


def main():
    """Bootstrap pip, then install the requested packages."""
    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY]
    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'])
    subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + args)


if __name__ == '__main__':
    main()
