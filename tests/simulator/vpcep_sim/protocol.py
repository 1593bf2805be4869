# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the handlers see of HTTP: a Request, a Response, and the query parameters every list takes."""

import json
import re
from urllib.parse import parse_qsl

from .defaults import LIST_DEFAULT_LIMIT
from .validation import ApiError, bad


class Response:
    """An answer: status, JSON-serialisable body (None for no body) and extra headers."""

    def __init__(self, status, body=None, headers=None):
        self.status = status
        self.body = body
        self.headers = headers or {}


class Request:
    """What a handler needs of a request; account is the authenticated caller (None before authentication)."""

    def __init__(self, method, path, query, headers, body):
        self.method = method
        self.path = path
        self.query = query          # raw query string
        self.headers = headers      # lower-cased names
        self.body = body            # raw bytes
        self.params = {}
        for key, value in parse_qsl(query, keep_blank_values=True):
            self.params[key] = value
        self.match = None
        self.auth = None
        self.account = None

    @property
    def target(self):
        """The request target as received."""
        return self.path + ("?" + self.query if self.query else "")

    @property
    def project_id(self):
        """The caller's project (the path's, once _check_project has passed)."""
        return self.account["project_id"]

    def json(self):
        """The body parsed as JSON, or a 400 naming the problem."""
        if not self.body:
            raise bad("Invalid parameter body: the request body is empty, a JSON object is required")
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise bad("Invalid parameter body: not valid JSON (%s)" % exc) from exc

    def param(self, name):
        """A query parameter, None when absent or empty."""
        return self.params.get(name) or None


def int_param(request, name, default, maximum, error_code):
    """A non-negative integer query parameter (at most maximum), or a 400 with error_code."""
    raw = request.params.get(name)
    if raw is None:
        return default
    if not re.match(r"^[0-9]+$", raw) or (maximum is not None and int(raw) > maximum):
        if maximum is None:
            raise ApiError(400, error_code, "Invalid %s: must be an integer >= 0, got '%s'" % (name, raw))
        raise ApiError(400, error_code, "Invalid %s: must be an integer between 0 and %d, got '%s'" % (name, maximum, raw))
    return int(raw)


def paging(request, max_limit):
    """(limit, offset): limit default 10 (EndPoint.0006 beyond max_limit), offset (EndPoint.0010)."""
    limit = int_param(request, "limit", LIST_DEFAULT_LIMIT, max_limit, "EndPoint.0006")
    offset = int_param(request, "offset", 0, None, "EndPoint.0010")
    return limit, offset


def sorting(request, keys=("create_at", "update_at")):
    """(sort_key, sort_dir), default create_at/desc (EndPoint.0017/.0018 for other values)."""
    sort_key = request.params.get("sort_key", "create_at")
    sort_dir = request.params.get("sort_dir", "desc")
    if sort_key not in keys:
        raise ApiError(400, "EndPoint.0017", "Invalid sort_key: must be one of %s, got '%s'" % (", ".join(keys), sort_key))
    if sort_dir not in ("desc", "asc"):
        raise ApiError(400, "EndPoint.0018", "Invalid sort_dir: must be desc or asc, got '%s'" % sort_dir)
    return sort_key, sort_dir
