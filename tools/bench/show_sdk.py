# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One process, one show request with the official SDK (huaweicloudsdkvpcep): import, build, sign, send.

The counterpart of show_client.py, run the same way; the SDK's ListServiceDetails is the show call.
"""
import json
import os
import sys
import time

from procstat import peak_rss_kib

START = time.perf_counter()

# pylint: disable=wrong-import-position,import-error
from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402
from huaweicloudsdkcore.http.http_config import HttpConfig  # noqa: E402
from huaweicloudsdkvpcep.v1 import ListServiceDetailsRequest, VpcepClient  # noqa: E402

IMPORTED = time.perf_counter()


def main():
    """Show one endpoint service; print the phase times."""
    service_id = sys.argv[1]
    config = HttpConfig.get_default_config()
    config.retry_times = 0
    credentials = BasicCredentials(os.environ['HW_ACCESS_KEY'], os.environ['HW_SECRET_KEY'], os.environ['HW_PROJECT_ID'])
    client = (VpcepClient.new_builder()
              .with_credentials(credentials)
              .with_endpoints([os.environ['HW_VPCEP_ENDPOINT']])
              .with_http_config(config)
              .build())
    built = time.perf_counter()
    answer = client.list_service_details(ListServiceDetailsRequest(vpc_endpoint_service_id=service_id))
    done = time.perf_counter()
    if answer.id != service_id:
        sys.stderr.write('unexpected answer: %r\n' % (answer,))
        return 1
    print(json.dumps({'import': IMPORTED - START, 'build': built - IMPORTED, 'request': done - built, 'peak_rss_kib': peak_rss_kib()}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
