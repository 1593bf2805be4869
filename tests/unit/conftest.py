# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make `ansible_collections.hwcloud.vpcep` importable from the checkout.

The Makefile links .build/collections/ansible_collections/hwcloud/vpcep to the
repository root; this does the same when pytest runs on its own.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(ROOT, '.build', 'collections')
LINK = os.path.join(COLLECTIONS, 'ansible_collections', 'hwcloud', 'vpcep')

if not os.path.exists(LINK):
    os.makedirs(os.path.dirname(LINK), exist_ok=True)
    os.symlink(os.path.join('..', '..', '..', '..'), LINK)
for path in (COLLECTIONS, os.path.join(ROOT, 'tests', 'simulator')):
    if path not in sys.path:
        sys.path.insert(0, path)


def pytest_configure(config):
    """The official SDK (the test oracle) calls datetime.utcnow(), deprecated since Python 3.12; its warning
    says nothing about this collection, so it is not shown."""
    config.addinivalue_line('filterwarnings', 'ignore:datetime.datetime.utcnow:DeprecationWarning:huaweicloudsdkcore')
