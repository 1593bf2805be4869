# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Authentication as the API gateway does it: SDK-HMAC-SHA256 signatures or an X-Auth-Token.

The signature arithmetic is the collection's own signer (plugins/module_utils/signer.py), loaded
by file path so the simulator runs without Ansible on the path; the fidelity test against the
official SDK is what proves the pair right.
"""

import hashlib
import hmac
import importlib.util
import os
import threading
from datetime import datetime, timezone

from .defaults import SIGNATURE_MAX_SKEW
from .validation import ApiError

SIGNER_PATH = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))),
    "plugins", "module_utils", "signer.py",
)
SDK_DATE_FORMAT = "%Y%m%dT%H%M%SZ"

_SIGNER = None
_SIGNER_LOCK = threading.Lock()


def load_signer(path=None):
    """The collection's signer module, imported from its file (once)."""
    global _SIGNER  # pylint: disable=global-statement
    with _SIGNER_LOCK:
        if _SIGNER is None or path:
            path = path or SIGNER_PATH
            if not os.path.exists(path):
                raise RuntimeError("the collection's signer is missing: %s" % path)
            spec = importlib.util.spec_from_file_location("_vpcep_sim_signer", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            _SIGNER = module
        return _SIGNER


def token_fingerprint(token):
    """How the request log names a security token: a digest of it, never the token itself."""
    return "sha256:" + hashlib.sha256(token.strip().encode("utf-8")).hexdigest()[:16]


def unauthorized(reason):
    """401 as the gateway answers a request it cannot authenticate."""
    return ApiError(401, "EndPoint.0003", "Incorrect IAM authentication information: %s" % reason)


class Authenticator:
    """Checks a request's AK/SK signature or token and tells which account sent it."""

    def __init__(self, accounts, auth_token=None, token_owner=None):
        self.accounts = accounts           # accounts.Accounts
        self.auth_token = auth_token       # a fixed token of the default account
        self.token_owner = token_owner     # token -> account, or None when unknown or expired
        self.signer = load_signer()

    def authenticate(self, method, target, headers, body, now=None):
        """Return (kind, account), kind 'aksk' or 'token'; raise a 401 ApiError otherwise.

        target is the request target exactly as received (path and raw query string), headers
        a dict with lower-cased names and the values as received, body the raw bytes.
        """
        authorization = headers.get("authorization")
        token = headers.get("x-auth-token")
        if authorization is None:
            if token is None:
                raise unauthorized("no Authorization or X-Auth-Token header")
            if self.auth_token and hmac.compare_digest(token.encode(), self.auth_token.encode()):
                return "token", self.accounts.default
            account = self.token_owner(token) if self.token_owner is not None else None
            if account is None:
                raise unauthorized("the token is invalid or has expired")
            return "token", account
        return "aksk", self.verify_signature(method, target, headers, body, authorization, now)

    def security_token(self, headers):
        """Return (the fingerprint of the X-Security-Token header or None, whether the AK/SK signature covers it)."""
        token = headers.get("x-security-token")
        if token is None:
            return None, False
        parsed = self.signer.parse_authorization(headers.get("authorization"))
        return token_fingerprint(token), bool(parsed) and "x-security-token" in parsed[1]

    def verify_signature(self, method, target, headers, body, authorization, now=None):
        """Verify an SDK-HMAC-SHA256 Authorization header; return the signing account or raise a 401 ApiError."""
        parsed = self.signer.parse_authorization(authorization)
        if parsed is None:
            raise unauthorized("the Authorization header is malformed (expected %s Access=..., SignedHeaders=..., Signature=...)"
                               % self.signer.ALGORITHM)
        access, signed_headers, signature = parsed
        account = self.accounts.by_access_key(access)
        if account is None:
            raise unauthorized("verify aksk signature fail, the access key %s is not found" % access)
        sdk_date = self._check_date(headers, signed_headers, now)
        missing = [name for name in signed_headers if name not in headers]
        if missing:
            raise unauthorized("verify aksk signature fail, the signed header(s) %s are missing" % ", ".join(missing))
        try:
            canonical = self.signer.canonical_request(method, target, headers, body, signed_headers)
        except ValueError as exc:
            raise unauthorized("verify aksk signature fail, %s" % exc) from exc
        expected = self.signer.signature(self.signer.string_to_sign(canonical, sdk_date), account["secret_key"])
        if not hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii")):
            raise unauthorized("verify aksk signature fail")
        return account

    @staticmethod
    def _check_date(headers, signed_headers, now):
        """The X-Sdk-Date header, present, well-formed, signed and within 15 minutes of now."""
        sdk_date = headers.get("x-sdk-date")
        if sdk_date is None:
            raise unauthorized("verify aksk signature fail, the X-Sdk-Date header is missing")
        try:
            when = datetime.strptime(sdk_date.strip(), SDK_DATE_FORMAT).replace(tzinfo=timezone.utc)
        except ValueError as exc:
            raise unauthorized("verify aksk signature fail, X-Sdk-Date '%s' is not in the form YYYYMMDDTHHMMSSZ" % sdk_date) from exc
        now = now or datetime.now(timezone.utc)
        if abs((now - when).total_seconds()) > SIGNATURE_MAX_SKEW:
            raise unauthorized("verify aksk signature fail, X-Sdk-Date %s is more than 15 minutes off the server time" % sdk_date)
        if "x-sdk-date" not in signed_headers:
            raise unauthorized("verify aksk signature fail, x-sdk-date is not among the signed headers")
        return sdk_date.strip()
