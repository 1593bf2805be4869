# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Another party at a chosen moment: creates that the simulator makes itself, as an account, on a timer.

A test that races the collection against a colleague, a Terraform run or the console schedules
"create this service (or VPC endpoint) as account X, D seconds after the next request matching
method + path has been handled" (or D seconds from now). The resource is an ordinary one of that
account, made from a create body exactly as the API takes it (validated the same way); it is not
an API call, so the request log does not show it, and what the collection sent stays alone there.
"""

import copy
import re
import threading

from . import validation, validation_endpoints
from .validation import ApiError, bad

KINDS = ("service", "endpoint")
STATES = ("waiting", "armed", "done", "failed")


def _check(kind, body, after, delay):
    """A 400 naming the first bad argument of a schedule; returns the compiled trigger (None: from now)."""
    if kind not in KINDS:
        raise bad("Invalid parameter kind: must be one of %s" % ", ".join(KINDS))
    if not isinstance(body, dict):
        raise bad("Invalid parameter body: must be the create body, an object")
    # The body must be one the API would take; an endpoint's service is checked when it is created.
    (validation.validate_create if kind == "service" else validation_endpoints.validate_endpoint_create)(copy.deepcopy(body))
    if isinstance(delay, bool) or not isinstance(delay, (int, float)) or delay < 0:
        raise bad("Invalid parameter delay: must be a number of seconds >= 0")
    if after is None:
        return None
    if not isinstance(after, dict) or set(after) - {"method", "path"} or not isinstance(after.get("path"), str):
        raise bad("Invalid parameter after: must be {\"method\": ..., \"path\": <regex>} (path required)")
    if after.get("method") is not None and not isinstance(after["method"], str):
        raise bad("Invalid parameter after.method: must be a string or null")
    try:
        return re.compile(after["path"])
    except re.error as exc:
        raise bad("Invalid parameter after.path: not a regular expression (%s)" % exc) from exc


class Scheduler:
    """The scheduled creates of one simulator; each fires once."""

    def __init__(self, state):
        self.state = state
        self.lock = threading.Lock()
        self.items = []
        self.timers = []

    def add(self, kind, body, account, after=None, delay=0.0):
        """Schedule a create as the account (a dict); returns the entry as listing() shows it."""
        pattern = _check(kind, body, after, delay)
        entry = {
            "id": None, "kind": kind, "account": account["name"], "after": copy.deepcopy(after), "delay": float(delay),
            "state": "waiting", "resource_id": None, "error": None,
            "_body": copy.deepcopy(body), "_account": account, "_re": pattern,
            "_method": (after or {}).get("method", "").upper() or None,
        }
        with self.lock:
            entry["id"] = len(self.items) + 1
            self.items.append(entry)
            if pattern is None:
                self._arm(entry)
            return _public(entry)

    def trigger(self, method, path):
        """A request has been handled: arm every waiting schedule it matches."""
        with self.lock:
            for entry in self.items:
                if entry["state"] != "waiting" or entry["_re"] is None:
                    continue
                if entry["_method"] and entry["_method"] != method.upper():
                    continue
                if entry["_re"].search(path):
                    self._arm(entry)

    def _arm(self, entry):
        entry["state"] = "armed"
        timer = threading.Timer(entry["delay"], self._fire, (entry,))
        timer.daemon = True
        self.timers.append(timer)
        timer.start()

    def _fire(self, entry):
        try:
            if entry["kind"] == "service":
                made = self.state.create_service(validation.validate_create(entry["_body"]), entry["_account"])
            else:
                made = self.state.create_endpoint(validation_endpoints.validate_endpoint_create(entry["_body"]),
                                                  entry["_account"])
            result = {"state": "done", "resource_id": made["id"]}
        except ApiError as error:
            result = {"state": "failed", "error": "%s %s: %s" % (error.status, error.error_code, error.error_msg)}
        with self.lock:
            if entry in self.items:
                entry.update(result)

    def listing(self):
        """Every schedule, oldest first: id, kind, account, after, delay, state, resource_id, error."""
        with self.lock:
            return [_public(entry) for entry in self.items]

    def clear(self):
        """Cancel what has not fired and forget every schedule."""
        with self.lock:
            for timer in self.timers:
                timer.cancel()
            self.timers = []
            self.items = []


def _public(entry):
    return {k: copy.deepcopy(v) for k, v in entry.items() if not k.startswith("_")}
