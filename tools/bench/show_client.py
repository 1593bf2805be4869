# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One process, one show request with the collection's client: import, build, sign, send.

Run by tools/bench/run.py as `python show_client.py SERVICE_ID` with the simulator's HW_* variables
and PYTHONPATH pointing at the collections directory. Prints the in-process phase times as JSON.
"""
import json
import os
import sys
import time

from procstat import peak_rss_kib

START = time.perf_counter()

# pylint: disable=wrong-import-position
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import client, config  # noqa: E402

IMPORTED = time.perf_counter()


def main():
    """Show one endpoint service; print the phase times."""
    service_id = sys.argv[1]
    settings = config.ClientConfig(
        access_key=os.environ['HW_ACCESS_KEY'], secret_key=os.environ['HW_SECRET_KEY'],
        region=os.environ['HW_REGION_NAME'], project_id=os.environ['HW_PROJECT_ID'],
        endpoint=os.environ['HW_VPCEP_ENDPOINT'], iam_endpoint=os.environ['HW_IAM_ENDPOINT'])
    api = client.Client(settings)
    built = time.perf_counter()
    answer = api.get('/v1/{project_id}/vpc-endpoint-services/%s' % service_id)
    done = time.perf_counter()
    if not answer or answer.get('id') != service_id:
        sys.stderr.write('unexpected answer: %r\n' % (answer,))
        return 1
    print(json.dumps({'import': IMPORTED - START, 'build': built - IMPORTED, 'request': done - built, 'peak_rss_kib': peak_rss_kib()}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
