# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Baselines for the client against SDK comparison: a process that only imports, then prints its peak RSS.

`python baseline.py none` is the interpreter alone; `requests` imports requests (the least any client
built on it can cost); `requests-get` imports requests and sends one GET to BENCH_GET_URL with the token
BENCH_GET_TOKEN (what any process that shows a service with requests must do: the floor for the client);
`stdlib` imports what a client on the standard library's http.client would need.
"""
import json
import os
import sys

from procstat import peak_rss_kib

# pylint: disable=import-outside-toplevel,unused-import


def main():
    """Import what the argument names; print the peak RSS as JSON."""
    what = sys.argv[1]
    if what == 'requests':
        import requests  # noqa: F401
    elif what == 'requests-get':
        import requests
        answer = requests.get(os.environ['BENCH_GET_URL'], timeout=30,
                              headers={'X-Auth-Token': os.environ['BENCH_GET_TOKEN'], 'Accept': 'application/json'})
        if answer.status_code != 200:
            sys.stderr.write('GET answered %s: %s\n' % (answer.status_code, answer.text[:500]))
            return 1
        answer.json()
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
