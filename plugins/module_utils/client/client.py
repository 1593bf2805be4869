# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The API client for Huawei Cloud VPCEP and IAM: one call, tried as the retry policy says, over the transport.

Its parts, each in its own file of this package: the configuration (config.py, credentials.py), one
attempt of a call (transport.py; failures.py for one that failed), the retry policy (retry.py) and paging
(paging.py). The client ties them together and resolves the project id once from IAM (iam.py) when it is
not configured. One error type (errors.ApiError, AmbiguousRequestError for a write that may have taken
effect). No Ansible imports, so it is usable on its own.
"""

import contextlib
import time
from urllib.parse import quote

from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.config import clean
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.retry import RetryPolicy
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.transport import (
    HAS_REQUESTS,
    IDEMPOTENT_METHODS,
    Call,
    Failure,
    Transport,
)
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ApiError, ConfigurationError


def api_path(template, *segments):
    """Return `template` plus each segment percent-encoded as one path segment (`/`, `?`, `..` cannot escape it)."""
    return template + "".join("/" + quote(str(segment), safe="") for segment in segments)


class Client:
    """A VPCEP/IAM API client with signing, retries, paging and one error type; safe to share between threads."""

    def __init__(self, config, session=None, sleep=time.sleep):
        if not HAS_REQUESTS:
            raise ConfigurationError("The Python library 'requests' is required but is not installed.")
        config.validate()
        self.config = config
        self.transport = Transport(config, session)
        self.retry = RetryPolicy(self.transport, config.max_retries, sleep)
        self._project_id = clean(config.project_id)

    @property
    def request_count(self):
        """Return how many attempts this client has sent (retries included)."""
        return self.transport.sent

    # ---- project id -------------------------------------------------------------------------

    @property
    def project_id(self):
        """Return the configured project id, or the one resolved once from IAM for the region."""
        if self._project_id is None:
            # Imported here (docs/architecture.md, "What a no-op imports"): a task that gives project_id never asks IAM.
            from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import iam
            self._project_id = iam.resolve_project_id(self)
        return self._project_id

    # ---- public calls -----------------------------------------------------------------------

    def get(self, path, params=None):
        """Send a GET and return the decoded JSON answer (a non-JSON or empty answer is retried like a 503)."""
        return self.request("GET", path, params=params)

    def post(self, path, body=None, idempotent=False, expect_body=False):
        """Send a POST; it is retried after it may have taken effect only when idempotent=True.

        With expect_body=True an empty or non-JSON success answer counts as no answer (for a
        non-idempotent POST: AmbiguousRequestError)."""
        return self.request("POST", path, body=body, idempotent=idempotent, expect_body=expect_body)

    def put(self, path, body=None):
        """Send a PUT and return the decoded JSON answer (an empty or non-JSON answer is retried)."""
        return self.request("PUT", path, body=body, expect_body=True)

    def delete(self, path):
        """Send a DELETE and return the decoded JSON answer (None when empty)."""
        return self.request("DELETE", path)

    def paginate(self, path, key, params=None, page_size=limits.PAGE_SIZE, workers=1):
        """Yield every item of response[key] across offset/limit pages, in order, each id once (client/paging.py)."""
        # Imported here (docs/architecture.md, "What a no-op imports"): a call by id never pages.
        from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import paging
        return paging.paginate(self.get, path, key, params=params, page_size=page_size, workers=workers)

    def attempt(self, call):
        """Send one attempt of a call and judge it: (True, value) when done, else (False, None) after the pause."""
        call.attempts += 1
        self.retry.wait_for_hold(call)
        outcome = self.transport.send(call)
        if isinstance(outcome, Failure):
            call.note(outcome.kind == "maybe_sent")
            self.retry.pause(call, self.retry.after_failure(call, outcome))
            return False, None
        call.note(outcome.status_code >= 500 or 200 <= outcome.status_code < 300)
        done, value, delay = self.retry.after_answer(call, outcome)
        if not done:
            self.retry.pause(call, delay)
        return done, value

    def request(self, method, path, params=None, body=None, service="vpcep", idempotent=None, expect_body=None):
        """Send one API call with auth, retries and error mapping; return the decoded JSON or None."""
        method = method.upper()
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        if expect_body is None:
            expect_body = method == "GET"
        project_id = self.project_id if service == "vpcep" or "{project_id}" in path else None
        call = Call(method, idempotent, expect_body, *self.transport.prepare(method, path, params, body, service,
                                                                             project_id))
        try:
            while True:
                # A fleet's gate bounds the requests in flight: the attempt, its hold and its pause take one slot, so
                # a 429's hold is set before a request queued at the gate goes (client/transport.py).
                with self.transport.gate or contextlib.nullcontext():
                    done, value = self.attempt(call)
                if done:
                    return value
        except ApiError as error:
            # Whatever the last attempt got, an earlier one may have changed something (a lost answer, then 404).
            error.may_have_applied = call.may_have_applied
            raise
