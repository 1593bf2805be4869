# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Baselines for the client against SDK comparison: a process that only imports, then prints its peak RSS.

`python baseline.py none` is the interpreter alone; `requests` imports requests (the least any client
built on it can cost); `stdlib` imports what a client on the standard library's http.client would need.
"""
import json
import sys

from procstat import peak_rss_kib

# pylint: disable=import-outside-toplevel,unused-import


def main():
    """Import what the argument names; print the peak RSS as JSON."""
    what = sys.argv[1]
    if what == 'requests':
        import requests  # noqa: F401
    elif what == 'stdlib':
        import hashlib  # noqa: F401
        import hmac  # noqa: F401
        import http.client  # noqa: F401
        import ssl  # noqa: F401
    elif what != 'none':
        sys.stderr.write('unknown baseline %r\n' % what)
        return 2
    print(json.dumps({'peak_rss_kib': peak_rss_kib()}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
