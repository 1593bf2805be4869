# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Copy the collection's files to DEST/ansible_collections/hwcloud/vpcep.

ansible-test must run from a directory named ansible_collections/<ns>/<name>
and resolves symlinks, so a symlink to the checkout is not enough: it gets a
copy of the files git tracks or would track (ignored files are left out), in a
repository of its own.
"""
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tracked_files():
    """List the files git tracks plus untracked ones it does not ignore."""
    out = subprocess.run(
        ['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
        cwd=ROOT, check=True, stdout=subprocess.PIPE).stdout.decode('utf-8')
    return sorted({path for path in out.split('\0') if path and os.path.isfile(os.path.join(ROOT, path))})


def main():
    """Stage the collection under the directory given as the only argument."""
    dest = os.path.join(os.path.abspath(sys.argv[1]), 'ansible_collections', 'hwcloud', 'vpcep')
    if os.path.isdir(dest):
        shutil.rmtree(dest)
    for path in tracked_files():
        target = os.path.join(dest, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(os.path.join(ROOT, path), target)
    # The copy lies inside the checkout's ignored .build/; without a repository of
    # its own, ansible-test would ask the outer git and see no file at all.
    subprocess.run(['git', 'init', '--quiet', dest], check=True)
    print(dest)


if __name__ == '__main__':
    main()
