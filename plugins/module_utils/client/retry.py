# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The client's retry policy: after each attempt, the answer, another attempt after a pause, or the error.

Retried: 429, 500, 502, 503, 504, connections never made, and success answers that are empty or not
JSON where a body is expected, up to max_retries, with full-jitter exponential backoff or the server's
Retry-After, within a budget of waiting per request. A write that may already have taken effect is
never repeated (AmbiguousRequestError). A 429 pauses every thread of the client. No Ansible imports.
"""

import email.utils
import math
import random
import threading
import time

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.transport import MAY_HAVE_TAKEN_EFFECT, seconds
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import AmbiguousRequestError

RETRYABLE_STATUSES = frozenset([429, 500, 502, 503, 504])
# Seconds one request may spend waiting between its attempts, Retry-After included (documented in the auth fragment).
RETRY_BUDGET = 120.0


class Delay:
    """A pause before the next attempt: its length, why, and whether the server asked for it (Retry-After)."""

    def __init__(self, seconds_, reason, asked_by_server=False, throttled=False):
        self.seconds = seconds_
        self.reason = reason
        self.asked_by_server = asked_by_server
        self.throttled = throttled


class RetryPolicy:
    """Decides, after each attempt of a call, whether it ends (an answer, an error) or waits and tries again."""

    backoff_base = 1.0
    backoff_cap = 30.0
    # The most one request may spend waiting between its attempts (backoff and Retry-After together).
    retry_budget = RETRY_BUDGET

    def __init__(self, transport, max_retries, sleep=time.sleep):
        # The transport decodes answers and makes the errors (scrubbed, with the credential note).
        self.transport = transport
        self.max_retries = int(max_retries)
        self.sleep = sleep
        # Overridable so that tests can pin the clocks: wall time for HTTP-date Retry-After values,
        # monotonic time for the pause that a 429 imposes on every thread of this client.
        self.clock = time.time
        self.monotonic = time.monotonic
        self._lock = threading.Lock()
        self._hold_until = 0.0

    def after_failure(self, call, failure):
        """Decide what a request without an HTTP answer leads to: a delay before the next attempt, or an error."""
        error = self.transport.error
        if failure.kind == "fatal":
            raise error(call.method, call.shown_path, failure.message)
        if failure.kind == "maybe_sent" and not call.idempotent:
            raise error(call.method, call.shown_path, "%s; %s" % (failure.message, MAY_HAVE_TAKEN_EFFECT),
                        cls=AmbiguousRequestError)
        if call.attempts > self.max_retries:
            raise error(call.method, call.shown_path, "%s (%s)" % (failure.message, self.attempts_text(call.attempts)))
        return Delay(self.backoff(call.attempts), failure.message)

    def after_answer(self, call, response):
        """Return (done, value, delay) for an HTTP answer: the decoded result, or the delay before retrying."""
        status = response.status_code
        if 200 <= status < 300:
            value, problem = self.transport.decode(response, call.expect_body)
            if problem is None:
                return True, value, None
            text = "HTTP %d but %s" % (status, problem)
            details = {"error_code": None, "error_msg": problem, "request_id": response.headers.get("X-Request-Id")}
            self._fail_unless_retried(call, status, text, details, ambiguous=not call.idempotent)
            return False, None, Delay(self.backoff(call.attempts), text)
        # Imported here (docs/architecture.md, "What a no-op imports"): only an error answer needs it.
        from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import failures
        details = failures.error_details(response)
        text = failures.http_text(status, details)
        ambiguous = status >= 500 and not call.idempotent
        if status not in RETRYABLE_STATUSES and not ambiguous:
            raise self.transport.error(call.method, call.shown_path, text, status=status, details=details)
        self._fail_unless_retried(call, status, text, details, ambiguous)
        asked = self.retry_after(response)
        if asked is None:
            return False, None, Delay(self.backoff(call.attempts), text)
        call.last_status, call.last_details = status, details
        return False, None, Delay(asked, text, asked_by_server=True, throttled=status == 429)

    def _fail_unless_retried(self, call, status, text, details, ambiguous):
        """Fail a write that may have applied (never repeated), and the last attempt allowed; else return."""
        error = self.transport.error
        if ambiguous:
            raise error(call.method, call.shown_path, "%s; %s" % (text, MAY_HAVE_TAKEN_EFFECT), status=status,
                        details=details, cls=AmbiguousRequestError)
        if call.attempts > self.max_retries:
            raise error(call.method, call.shown_path, "%s (%s)" % (text, self.attempts_text(call.attempts)),
                        status=status, details=details)

    def pause(self, call, delay):
        """Sleep `delay` before the next attempt, within the request's retry budget; a 429 pauses every thread."""
        remaining = float(self.retry_budget) - call.waited
        wait = delay.seconds
        if wait > remaining:
            if delay.asked_by_server:
                raise self.transport.error(
                    call.method, call.shown_path,
                    "%s; throttled: the server asked to retry after %s s (Retry-After), more than the %s s one request "
                    "may still wait for retries (at most %s s in all); wait and re-run the task, or run fewer jobs "
                    "against this account at once" % (delay.reason, seconds(wait), seconds(max(remaining, 0)),
                                                      seconds(self.retry_budget)),
                    status=call.last_status, details=call.last_details)
            wait = max(remaining, 0.0)
        if delay.throttled:
            with self._lock:
                self._hold_until = max(self._hold_until, self.monotonic() + wait)
                # This call sleeps the pause itself below; the gate then lets it through.
                call.held_until = self._hold_until
        if wait > 0:
            self.sleep(wait)
        call.waited += wait

    def wait_for_hold(self, call):
        """Wait while a request of this client was told to slow down (429): every request waits with it."""
        with self._lock:
            hold_until = self._hold_until
            wait = 0.0 if call.held_until >= hold_until else hold_until - self.monotonic()
            call.held_until = hold_until
        if wait > 0:
            self.sleep(wait)

    def attempts_text(self, attempts):
        """Return 'gave up after N attempts, max_retries=M' for messages."""
        return "gave up after %d attempt%s, max_retries=%d" % (attempts, "" if attempts == 1 else "s", self.max_retries)

    def backoff(self, attempt):
        """Return the pause before attempt `attempt` + 1: full jitter below an exponential ceiling."""
        # Full jitter: spreads retries of many parallel module runs instead of synchronising them.
        ceiling = min(float(self.backoff_cap), float(self.backoff_base) * (2 ** (attempt - 1)))
        return random.uniform(0, ceiling)

    def retry_after(self, response):
        """Return the seconds a Retry-After header asks for (a number or an HTTP date), None without a usable one."""
        value = response.headers.get("Retry-After")
        if not value:
            return None
        value = value.strip()
        try:
            delay = float(value)
        except ValueError:
            try:
                parsed = email.utils.parsedate_tz(value)
            except (TypeError, ValueError, IndexError):
                parsed = None
            if not parsed:
                return None
            delay = email.utils.mktime_tz(parsed) - self.clock()
        if math.isnan(delay) or math.isinf(delay):
            return None
        return max(0.0, delay)
