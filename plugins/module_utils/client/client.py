# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Transport client for the Huawei Cloud VPCEP and IAM APIs.

One requests.Session per Client: base URLs, project id resolution, AK/SK or token
auth, timeouts, TLS verification, retries with jittered backoff, offset/limit paging
and one error type (ApiError). No Ansible imports, so it is usable on its own.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import ipaddress
import json
import math
import os
import random
import re
import threading
import time
import traceback
import warnings
from urllib.parse import quote, urlsplit

try:
    import requests
    import requests.exceptions
    import urllib3.exceptions
except ImportError:
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import credentials as creds
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import AmbiguousRequestError, ApiError, ConfigurationError
from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.parallel import gather
from ansible_collections.hwcloud.vpcep.plugins.module_utils.signer import sign_request, canonical_query


DEFAULT_CLOUD = "myhuaweicloud.com"
DEFAULT_API_TIMEOUT = 30
DEFAULT_MAX_RETRIES = 5

# Regions hosted outside the default cloud domain when the user left `cloud` alone.
REGION_CLOUDS = {
    "eu-west-101": "myhuaweicloud.eu",
}

RETRYABLE_STATUSES = frozenset([429, 500, 502, 503, 504])
# Seconds one request may spend waiting between its attempts, Retry-After included (documented in the auth fragment).
RETRY_BUDGET = 120.0
_MAY_HAVE_TAKEN_EFFECT = ("the request may have taken effect and was not repeated because it is not idempotent; "
                          "check the current state before trying again")
IDEMPOTENT_METHODS = frozenset(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])
# Methods that never change anything, so no failure of theirs may have taken effect.
READ_METHODS = frozenset(["GET", "HEAD", "OPTIONS"])

# Environment variables per option, so that error messages, the argument spec and the documentation name the
# same variables. base.py makes per-option fallbacks of the settings; the credential set's variables are read as
# one set from one family by credentials.py (never per option), and listed here from its table.
ENV_VARS = dict({
    "ca_cert": ["HW_CA_CERT"],
    "cloud": ["HW_CLOUD"],
    "endpoint": ["HW_VPCEP_ENDPOINT"],
    "iam_endpoint": ["HW_IAM_ENDPOINT", "HUAWEICLOUD_SDK_IAM_ENDPOINT"],
    "max_retries": ["HW_MAX_RETRIES"],
    "region": ["HW_REGION_NAME"],
    "validate_certs": ["HW_VALIDATE_CERTS"],
}, **dict((part, creds.env_variables(part)) for part in creds.SET_PARTS))

_MAX_TEXT = 200
_REDACTED = "********"

# An id that becomes a URL path segment (service, endpoint, permission record, project).
ID_RE = re.compile(r"^[A-Za-z0-9-]{1,64}\Z")
_REGION_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")
_CLOUD_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+\Z")
_HOST_RE = re.compile(r"^[A-Za-z0-9._:-]+\Z")


def _option_hint(name):
    """Return 'name (env A/B/C)' for error messages."""
    names = ENV_VARS.get(name)
    if not names:
        return name
    return "%s (environment %s)" % (name, "/".join(names))


def _clean(value):
    # An empty environment variable must not count as a credential or a region.
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _shorten(text, limit=_MAX_TEXT):
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit - 3] + "..."
    return text


class ClientConfig:
    """Connection settings, named as the shared module options."""

    def __init__(self, access_key=None, secret_key=None, security_token=None, auth_token=None, region=None,
                 project_id=None, cloud=DEFAULT_CLOUD, endpoint=None, iam_endpoint=None, validate_certs=True,
                 ca_cert=None, api_timeout=DEFAULT_API_TIMEOUT, max_retries=DEFAULT_MAX_RETRIES, credentials=None):
        self.access_key = access_key
        self.secret_key = secret_key
        self.security_token = security_token
        self.auth_token = auth_token
        self.region = region
        self.project_id = project_id
        self.cloud = cloud
        self.endpoint = endpoint
        self.iam_endpoint = iam_endpoint
        self.validate_certs = validate_certs
        self.ca_cert = ca_cert
        self.api_timeout = api_timeout
        self.max_retries = max_retries
        # Where each credential part came from (credentials.resolve); values given here directly count as options.
        self.credentials = credentials or creds.resolve(
            dict((part, getattr(self, part)) for part in creds.SET_PARTS), environ={})

    def __repr__(self):
        # Never show secrets, even in a debugger or a log line.
        shown = []
        for name in sorted(vars(self)):
            value = getattr(self, name)
            if name in ("secret_key", "security_token", "auth_token") and value:
                value = _REDACTED
            if name == "credentials":
                value = value.sources
            shown.append("%s=%r" % (name, value))
        return "ClientConfig(%s)" % ", ".join(shown)

    @property
    def secrets(self):
        """Return the non-empty secret values, for scrubbing messages."""
        return [value for value in (self.secret_key, self.security_token, self.auth_token) if _clean(value)]

    @property
    def uses_token(self):
        """Return True when auth_token replaces AK/SK signing."""
        return _clean(self.auth_token) is not None

    @property
    def effective_cloud(self):
        """Return the cloud domain, taking regions outside the default domain into account."""
        cloud = _clean(self.cloud) or DEFAULT_CLOUD
        region = _clean(self.region)
        if cloud == DEFAULT_CLOUD and region in REGION_CLOUDS:
            return REGION_CLOUDS[region]
        return cloud

    @property
    def vpcep_url(self):
        """Return the VPCEP base URL without trailing slash."""
        endpoint = _clean(self.endpoint)
        if endpoint:
            return endpoint.rstrip("/")
        return "https://vpcep.%s.%s" % (_clean(self.region), self.effective_cloud)

    @property
    def iam_url(self):
        """Return the IAM base URL without trailing slash."""
        endpoint = _clean(self.iam_endpoint)
        if endpoint:
            return endpoint.rstrip("/")
        return "https://iam.%s.%s" % (_clean(self.region), self.effective_cloud)

    def validate(self):
        """Raise one ConfigurationError naming every missing or invalid setting, options and environment variables."""
        problems = self._credential_problems() + self._location_problems()
        ca_cert = _clean(self.ca_cert)
        if ca_cert and not os.path.exists(ca_cert):
            problems.append("ca_cert %r does not exist" % ca_cert)
        problems.extend(_number_problems("api_timeout", self.api_timeout, whole=False))
        problems.extend(_number_problems("max_retries", self.max_retries, whole=True))
        if problems:
            raise ConfigurationError("Invalid Huawei Cloud connection settings: %s." % "; ".join(problems))

    def _credential_problems(self):
        values = dict((part, _clean(getattr(self, part))) for part in creds.SET_PARTS)
        problem = creds.missing_message(values, self.credentials.sources, self.credentials.origin)
        return [problem] if problem else []

    def credential_note(self, project=True):
        """Return where each credential part in use came from (option or variable names, never values)."""
        values = dict((part, _clean(getattr(self, part))) for part in creds.SET_PARTS)
        return "credentials: %s" % creds.describe(values, self.credentials.sources, _clean(self.region), project)

    def _location_problems(self):
        # Region, cloud and project id end up in host names and URL paths: only their own characters pass.
        problems = []
        region, cloud, project_id = _clean(self.region), _clean(self.cloud), _clean(self.project_id)
        if region is None and not (_clean(self.endpoint) and project_id):
            problems.append(
                "no region: set %s, or both %s and %s"
                % (_option_hint("region"), _option_hint("endpoint"), _option_hint("project_id")))
        if region is not None and not _REGION_RE.match(str(region)):
            problems.append("region must be lowercase letters, digits and '-' (such as cn-north-4), got %r" % (region,))
        if cloud is not None and not _CLOUD_RE.match(str(cloud)):
            problems.append("cloud must be a domain name such as myhuaweicloud.com, got %r" % (cloud,))
        if project_id is not None and not ID_RE.match(str(project_id)):
            problems.append("project_id must be 1 to 64 letters, digits and '-', got %r" % (project_id,))
        for name in ("endpoint", "iam_endpoint"):
            value = _clean(getattr(self, name))
            if value:
                problems.extend(_url_problems(name, value))
        return problems

    def warnings(self):
        """Return warnings about the settings: credentials that would travel over plain HTTP to another host, and
        environment variables of another family that the credentials do not read."""
        found = [w for w in [creds.ignored_warning(self.credentials)] if w]
        for name, url in (("endpoint", _clean(self.endpoint)), ("iam_endpoint", _clean(self.iam_endpoint))):
            if url and url.lower().startswith("http://") and not _is_loopback(urlsplit(url).hostname):
                found.append("%s %s is plain http:// to a host that is not this machine: the %s and every request "
                             "travel unencrypted; use https://" % (name, url, "token" if self.uses_token else "signed requests"))
        return found


def _number_problems(name, value, whole):
    """The range problem of a numeric setting (limits.BOUNDS), also when it comes as text (an environment variable)."""
    number = value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            pass
    if whole and isinstance(number, float) and not math.isnan(number) and not math.isinf(number):
        if not number.is_integer():
            return ["%s must be a whole number, got %r" % (name, value)]
        number = int(number)
    text = limits.problem(name, number)
    return [text.replace(":", "", 1).replace("(got %r)" % (number,), "(got %r)" % (value,))] if text else []


def _url_problems(name, value):
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return ["%s must be a URL http(s)://host[:port][/path], got %r" % (name, value)]
    problems = []
    if parts.scheme not in ("https", "http") or not parts.hostname:
        problems.append("%s must be a URL starting with https:// or http://, got %r" % (name, value))
    elif "@" in parts.netloc or not _HOST_RE.match(parts.hostname) or (port is not None and not 0 < port < 65536):
        problems.append("%s must be a URL http(s)://host[:port][/path] without user name, got %r" % (name, value))
    if parts.query or parts.fragment or "?" in value or "#" in value:
        problems.append("%s must not have a query string or fragment, got %r" % (name, value))
    return problems


def _is_loopback(host):
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def api_path(template, *segments):
    """Return `template` plus each segment percent-encoded as one path segment (`/`, `?`, `..` cannot escape it)."""
    return template + "".join("/" + quote(str(segment), safe="") for segment in segments)


class _NoAuth:
    """A requests auth hook that changes nothing, so a ~/.netrc entry cannot replace our Authorization header."""

    def __call__(self, prepared):
        return prepared


class Client:
    """A VPCEP/IAM API client with signing, retries, paging and one error type; safe to share between threads."""

    backoff_base = 1.0
    backoff_cap = 30.0
    # The most one request may spend waiting between its attempts (backoff and Retry-After together).
    retry_budget = RETRY_BUDGET

    def __init__(self, config, session=None, sleep=time.sleep):
        if not HAS_REQUESTS:
            raise ConfigurationError("The Python library 'requests' is required but is not installed.")
        config.validate()
        self.config = config
        self.session = session if session is not None else requests.Session()
        self.sleep = sleep
        # Overridable so that tests can pin the clocks: wall time for HTTP-date Retry-After values,
        # monotonic time for the pause that a 429 imposes on every thread of this client.
        self.clock = time.time
        self.monotonic = time.monotonic
        self.request_count = 0
        self._lock = threading.Lock()
        self._hold_until = 0.0
        self._project_id = _clean(config.project_id)
        self._base_urls = {"vpcep": config.vpcep_url, "iam": config.iam_url}
        self._timeout = float(config.api_timeout)
        self._max_retries = int(config.max_retries)
        ca_cert = _clean(config.ca_cert)
        if ca_cert:
            self._verify = ca_cert
        else:
            self._verify = bool(config.validate_certs)

    # ---- project id -------------------------------------------------------------------------

    @property
    def project_id(self):
        """Return the configured project id, or the one resolved once from IAM for the region."""
        if self._project_id is None:
            self._project_id = self._resolve_project_id()
        return self._project_id

    def _resolve_project_id(self):
        region = _clean(self.config.region)
        hint = "set project_id (%s)" % self.config.credential_note(project=False)
        try:
            answer = self.request("GET", "/v3/projects", params=[("name", region)], service="iam")
        except ApiError as error:
            raise ApiError(
                self._scrub("Could not resolve the project id of region %s from IAM (%s); %s" % (region, error, hint)),
                status=error.status, error_code=error.error_code, error_msg=error.error_msg,
                request_id=error.request_id, method=error.method, path=error.path)
        projects = (answer or {}).get("projects") if isinstance(answer, dict) else None
        # The IAM filter is exact, but compare again so that a lenient server cannot pick the wrong project.
        matches = [p for p in projects or [] if isinstance(p, dict) and p.get("name") == region and p.get("id")]
        if len(matches) != 1 or not ID_RE.match(str(matches[0]["id"])):
            found = "%d projects match" % len(matches) if len(matches) != 1 else "its id is not a valid project id"
            raise ApiError(
                "Could not resolve the project id of region %s from IAM: %s; %s" % (region, found, hint),
                method="GET", path="/v3/projects?" + canonical_query([("name", region)]))
        return matches[0]["id"]

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

    def paginate(self, path, key, params=None, page_size=1000, workers=1):
        """Yield every item of response[key] across offset/limit pages, in order, each id once.

        The first page's total_count bounds how many pages may follow, but is not trusted further: the
        next pages are read in waves of at most `workers` (concurrently when more than one), and the first
        short or empty page, or a page that brings no item not seen before, ends the listing. So a server
        that overstates total_count (or ignores offset) costs at most one wave more, never
        total_count / page_size requests."""
        base = [(k, v) for k, v in self._pairs(params) if k not in ("offset", "limit")]

        def page(offset):
            answer = self.get(path, params=base + [("limit", page_size), ("offset", offset)])
            items = answer.get(key) if isinstance(answer, dict) else None
            return (items if isinstance(items, list) else []), answer

        seen = set()
        items, first = page(0)
        yield from _unseen(items, seen)
        total = first.get("total_count") if isinstance(first, dict) else None
        offset = len(items)
        while len(items) == page_size and not (_is_count(total) and offset >= total):
            offsets = [offset + n * page_size for n in range(_wave(offset, total, page_size, workers))]
            pages = gather(page, offsets, len(offsets)) if len(offsets) > 1 else [page(offsets[0])]
            for items, _answer in pages:
                fresh = _unseen(items, seen)
                yield from fresh
                offset += len(items)
                if len(items) < page_size or not fresh:
                    return

    def request(self, method, path, params=None, body=None, service="vpcep", idempotent=None, expect_body=None):
        """Send one API call with auth, retries and error mapping; return the decoded JSON or None."""
        method = method.upper()
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        if expect_body is None:
            expect_body = method == "GET"
        call = _Call(method, idempotent, expect_body, *self._prepare(method, path, params, body, service))
        try:
            while True:
                call.attempts += 1
                self._wait_for_hold(call)
                outcome = self._send_once(call.method, call.url, call.headers, call.data)
                if isinstance(outcome, _Failure):
                    call.note(outcome.kind == "maybe_sent")
                    self._pause(call, self._after_failure(call, outcome))
                    continue
                call.note(outcome.status_code >= 500 or 200 <= outcome.status_code < 300)
                done, value, delay = self._after_answer(call, outcome)
                if done:
                    return value
                self._pause(call, delay)
        except ApiError as error:
            # Whatever the last attempt got, an earlier one may have changed something (a lost answer, then 404).
            error.may_have_applied = call.may_have_applied
            raise

    # ---- internals --------------------------------------------------------------------------

    def _prepare(self, method, path, params, body, service):
        if service not in self._base_urls:
            raise ValueError("unknown service %r" % (service,))
        if "{project_id}" in path:
            path = path.replace("{project_id}", quote(self.project_id, safe=""))
        if not path.startswith("/"):
            path = "/" + path
        query = canonical_query(self._pairs(params))
        url = self._base_urls[service] + path + ("?" + query if query else "")
        shown_path = urlsplit(url).path + ("?" + query if query else "")
        data = None
        headers = {}
        if body is not None:
            # Serialised once: these exact bytes are hashed into the signature and sent.
            data = json.dumps(body, separators=(",", ":")).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if service == "vpcep":
            headers["X-Project-Id"] = self.project_id
        return url, shown_path, headers, data

    def _after_failure(self, call, failure):
        """Decide what a request without an HTTP answer leads to: a delay before the next attempt, or an error."""
        if failure.kind == "fatal":
            raise self._error(call.method, call.shown_path, failure.message)
        if failure.kind == "maybe_sent" and not call.idempotent:
            raise self._error(call.method, call.shown_path, "%s; %s" % (failure.message, _MAY_HAVE_TAKEN_EFFECT),
                              cls=AmbiguousRequestError)
        if call.attempts > self._max_retries:
            raise self._error(call.method, call.shown_path,
                              "%s (%s)" % (failure.message, self._attempts_text(call.attempts)))
        return _Delay(self._backoff(call.attempts), failure.message)

    def _after_answer(self, call, response):
        """Return (done, value, delay) for an HTTP answer: the decoded result, or the delay before retrying."""
        status = response.status_code
        if 200 <= status < 300:
            value, problem = self._decode(response, call.expect_body)
            if problem is None:
                return True, value, None
            text = "HTTP %d but %s" % (status, problem)
            details = {"error_code": None, "error_msg": problem, "request_id": response.headers.get("X-Request-Id")}
            if not call.idempotent:
                raise self._error(call.method, call.shown_path, "%s; %s" % (text, _MAY_HAVE_TAKEN_EFFECT),
                                  status=status, details=details, cls=AmbiguousRequestError)
            if call.attempts > self._max_retries:
                raise self._error(call.method, call.shown_path, "%s (%s)" % (text, self._attempts_text(call.attempts)),
                                  status=status, details=details)
            return False, None, _Delay(self._backoff(call.attempts), text)
        details = self._error_details(response)
        text = self._http_text(status, details)
        if status >= 500 and not call.idempotent:
            raise self._error(call.method, call.shown_path, "%s; %s" % (text, _MAY_HAVE_TAKEN_EFFECT),
                              status=status, details=details, cls=AmbiguousRequestError)
        if status not in RETRYABLE_STATUSES:
            raise self._error(call.method, call.shown_path, text, status=status, details=details)
        if call.attempts > self._max_retries:
            raise self._error(call.method, call.shown_path, "%s (%s)" % (text, self._attempts_text(call.attempts)),
                              status=status, details=details)
        asked = self._retry_after(response)
        if asked is None:
            return False, None, _Delay(self._backoff(call.attempts), text)
        call.last_status, call.last_details = status, details
        return False, None, _Delay(asked, text, asked_by_server=True, throttled=status == 429)

    def _pause(self, call, delay):
        """Sleep `delay` before the next attempt, within the request's retry budget; a 429 pauses every thread."""
        remaining = float(self.retry_budget) - call.waited
        seconds = delay.seconds
        if seconds > remaining:
            if delay.asked_by_server:
                raise self._error(
                    call.method, call.shown_path,
                    "%s; throttled: the server asked to retry after %s s (Retry-After), more than the %s s one request "
                    "may still wait for retries (at most %s s in all); wait and re-run the task, or run fewer jobs "
                    "against this account at once" % (delay.reason, _seconds(seconds), _seconds(max(remaining, 0)),
                                                      _seconds(self.retry_budget)),
                    status=call.last_status, details=call.last_details)
            seconds = max(remaining, 0.0)
        if delay.throttled:
            with self._lock:
                self._hold_until = max(self._hold_until, self.monotonic() + seconds)
                # This call sleeps the pause itself below; the gate then lets it through.
                call.held_until = self._hold_until
        if seconds > 0:
            self.sleep(seconds)
        call.waited += seconds

    @staticmethod
    def _pairs(params):
        if params is None:
            return []
        items = params.items() if hasattr(params, "items") else params
        return [(k, v) for k, v in items if v is not None]

    def _headers_for_attempt(self, method, url, headers, data):
        final = dict(headers)
        if self.config.uses_token:
            final["X-Auth-Token"] = _clean(self.config.auth_token)
            return final
        token = _clean(self.config.security_token)
        if token:
            final["X-Security-Token"] = token
        # Signed per attempt, so each retry carries a fresh X-Sdk-Date.
        return sign_request(method, url, final, data, _clean(self.config.access_key), _clean(self.config.secret_key))

    def _wait_for_hold(self, call):
        # A request of this client was told to slow down (429): every request waits with it.
        with self._lock:
            hold_until = self._hold_until
            wait = 0.0 if call.held_until >= hold_until else hold_until - self.monotonic()
            call.held_until = hold_until
        if wait > 0:
            self.sleep(wait)

    def _send_once(self, method, url, headers, data):
        final = self._headers_for_attempt(method, url, headers, data)
        with self._lock:
            self.request_count += 1
        failure = None
        try:
            with warnings.catch_warnings():
                # validate_certs=false is the user's explicit choice; one warning per request is noise.
                warnings.simplefilter("ignore")
                response = self.session.request(
                    method, url, headers=final, data=data, timeout=self._timeout, verify=self._verify,
                    allow_redirects=False, auth=_NoAuth())
        except Exception as exc:  # pylint: disable=broad-except
            # Classified here but raised outside the handler, so no exception from requests (whose
            # text can carry URLs or headers) is chained into the traceback of our error.
            failure = self._classify(exc, url)
        if failure is not None:
            return failure
        return response

    def _classify(self, exc, url):
        host = urlsplit(url).netloc.rpartition("@")[2]
        name = type(exc).__name__
        if not HAS_REQUESTS or not isinstance(exc, requests.exceptions.RequestException):
            if isinstance(exc, OSError):
                # e.g. a ca_cert that is not a valid bundle
                return _Failure("fatal" if _mentions_tls(exc) else "maybe_sent",
                                "error talking to %s (%s); check ca_cert and the network" % (host, name))
            raise exc
        if isinstance(exc, requests.exceptions.SSLError):
            if _mentions_verify(exc):
                return _Failure("fatal", "TLS certificate verification failed for %s (%s); check endpoint, or set ca_cert to "
                                         "the CA bundle that signed the server certificate, or validate_certs=false for "
                                         "a test endpoint" % (host, name))
            return _Failure("maybe_sent", "TLS error talking to %s (%s); check endpoint, validate_certs and ca_cert" % (host, name))
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return _Failure("not_sent", "connection to %s timed out after %s s (%s); check endpoint, region, cloud, "
                                        "the network and proxy settings" % (host, _seconds(self._timeout), name))
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return _Failure("maybe_sent", "no answer from %s within %s s (%s); check api_timeout and the network"
                            % (host, _seconds(self._timeout), name))
        if isinstance(exc, requests.exceptions.ConnectionError) and _never_sent(exc):
            return _Failure("not_sent", "could not connect to %s (%s); check endpoint, region, cloud, "
                                        "the network and proxy settings" % (host, _root_name(exc)))
        if isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError)):
            return _Failure("maybe_sent", "connection to %s was lost (%s); check the network and proxy settings"
                            % (host, _root_name(exc)))
        if isinstance(exc, requests.exceptions.InvalidURL):
            return _Failure("fatal", "invalid URL for %s (%s); check endpoint and iam_endpoint" % (host, name))
        return _Failure("maybe_sent", "request to %s failed (%s)" % (host, name))

    def _attempts_text(self, attempts):
        return "gave up after %d attempt%s, max_retries=%d" % (attempts, "" if attempts == 1 else "s", self._max_retries)

    def _backoff(self, attempt):
        # Full jitter: spreads retries of many parallel module runs instead of synchronising them.
        ceiling = min(float(self.backoff_cap), float(self.backoff_base) * (2 ** (attempt - 1)))
        return random.uniform(0, ceiling)

    def _retry_after(self, response):
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

    @staticmethod
    def _error_details(response):
        code = msg = None
        request_id = response.headers.get("X-Request-Id")
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if isinstance(payload, dict):
            nested = payload.get("error")
            if isinstance(nested, dict):
                code = nested.get("code") or nested.get("error_code")
                msg = nested.get("message") or nested.get("error_msg")
            elif isinstance(nested, str):
                msg = nested
            code = code or payload.get("error_code") or payload.get("code")
            msg = msg or payload.get("error_msg") or payload.get("message")
            request_id = request_id or payload.get("request_id")
        elif payload is None:
            text = response.text if response.content else ""
            msg = _shorten(text) if text.strip() else None
        if code is not None:
            code = _shorten(code, 64)
        if msg is not None:
            msg = _shorten(msg, 500)
        if not msg:
            msg = response.reason or None
        return {"error_code": code, "error_msg": msg, "request_id": request_id}

    @staticmethod
    def _http_text(status, details):
        text = "HTTP %d" % status
        if details.get("error_code"):
            text += " %s" % details["error_code"]
        if details.get("error_msg"):
            text += ": %s" % details["error_msg"]
        if details.get("request_id"):
            text += " (request id %s)" % details["request_id"]
        return text

    @staticmethod
    def _decode(response, expect_body):
        """Return (value, problem): the decoded answer, or why a success answer is unusable."""
        if response.status_code == 204 or not response.content or not response.content.strip():
            return None, ("the answer is empty" if expect_body else None)
        try:
            return response.json(), None
        except ValueError:
            return None, "the answer is not JSON: %s" % _shorten(response.text)

    def _scrub(self, text):
        if text is None:
            return None
        text = str(text)
        for secret in self.config.secrets:
            text = text.replace(str(secret).strip(), _REDACTED)
        return text

    def _error(self, method, shown_path, text, status=None, details=None, cls=ApiError):
        details = details or {}
        message = "%s %s failed: %s" % (method, shown_path, text)
        if status in (401, 403) or details.get("error_code") == "EndPoint.0014":
            # Refused credentials or project: say where each part came from, so a mixed-up set shows at once.
            message = "%s; %s" % (message, self.config.credential_note())
        return cls(
            self._scrub(message), status=status,
            error_code=self._scrub(details.get("error_code")),
            error_msg=self._scrub(details.get("error_msg")),
            request_id=details.get("request_id"),
            method=method, path=self._scrub(shown_path))


class _Call:
    """One API call across its attempts: what is sent, how it may be retried and how long it has waited."""

    def __init__(self, method, idempotent, expect_body, url, shown_path, headers, data):
        self.method = method
        self.idempotent = idempotent
        self.expect_body = expect_body
        self.url = url
        self.shown_path = shown_path
        self.headers = headers
        self.data = data
        self.attempts = 0
        self.waited = 0.0
        self.held_until = 0.0
        self.last_status = None
        self.last_details = None
        # Whether any attempt of a write may have taken effect (see ApiError.may_have_applied).
        self.may_have_applied = False

    def note(self, reached_server):
        """Record one attempt: a write whose request reached the server, or may have, may have taken effect."""
        if reached_server and self.method not in READ_METHODS:
            self.may_have_applied = True


class _Delay:
    """A pause before the next attempt: its length, why, and whether the server asked for it (Retry-After)."""

    def __init__(self, seconds, reason, asked_by_server=False, throttled=False):
        self.seconds = seconds
        self.reason = reason
        self.asked_by_server = asked_by_server
        self.throttled = throttled


class _Failure:
    """A request that got no HTTP answer: kind is 'not_sent' (safe to retry), 'maybe_sent' or 'fatal' (retrying cannot help)."""

    def __init__(self, kind, message):
        self.kind = kind
        self.message = message


def _seconds(value):
    return ("%g" % value)


def _is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _wave(offset, total, page_size, workers):
    """How many pages the next wave reads: at most `workers`, no more than total_count leaves, one without it."""
    if not _is_count(total):
        return 1
    left = -(-(total - offset) // page_size)
    return max(1, min(int(workers or 1), left))


def _unseen(items, seen):
    """The items whose id is not in `seen` (items without an id always count), recording their ids."""
    fresh = []
    for item in items:
        key = item.get("id") if isinstance(item, dict) else None
        if isinstance(key, str):
            if key in seen:
                continue
            seen.add(key)
        fresh.append(item)
    return fresh


def _chain(exc):
    # Walks the wrapped causes (requests -> urllib3 MaxRetryError -> reason -> socket error).
    seen = []
    todo = [exc]
    while todo and len(seen) < 20:
        current = todo.pop(0)
        if not isinstance(current, BaseException) or any(current is s for s in seen):
            continue
        seen.append(current)
        todo.extend([getattr(current, "reason", None), current.__cause__, current.__context__])
        todo.extend(arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException))
    return seen


def _never_sent(exc):
    for item in _chain(exc):
        # NewConnectionError covers refused connections and DNS failures: no byte of the request left.
        if isinstance(item, (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ConnectTimeoutError,
                             ConnectionRefusedError)):
            return True
        if isinstance(item, urllib3.exceptions.ProxyError) and not isinstance(item, urllib3.exceptions.ProtocolError):
            return True
    return False


def _root_name(exc):
    names = [type(item).__name__ for item in _chain(exc)]
    interesting = [n for n in names if n not in ("ConnectionError", "MaxRetryError")]
    return (interesting or names)[-1]


def _mentions_verify(exc):
    for item in _chain(exc):
        if type(item).__name__ == "SSLCertVerificationError":
            return True
        text = str(getattr(item, "reason", "") or "") + " " + " ".join(str(a) for a in getattr(item, "args", ()) if isinstance(a, str))
        if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
            return True
    return False


def _mentions_tls(exc):
    text = " ".join(str(a) for a in getattr(exc, "args", ()) if isinstance(a, str))
    return "CA certificate" in text or "TLS" in text or "SSL" in text
