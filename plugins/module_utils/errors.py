# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The collection's one error family and the context each error carries.

Every failure the collection raises derives from HwcloudError, so a module has one
place (HwcloudModule.run) that turns it into fail_json. No Ansible imports.
"""


class HwcloudError(Exception):
    """A failure to report to the user: a message and extra result fields (`details`)."""

    def __init__(self, msg, **details):
        super().__init__(msg)
        self.msg = msg
        self.details = details
        # What was being done when it happened ("reading endpoint service x"), set by `doing()`.
        self.doing = None

    def __str__(self):
        return self.msg

    def failure(self):
        """Return the fail_json keyword arguments for this error (msg and the extra result fields)."""
        return dict(self.details, msg=self.msg)

    def summary(self):
        """Return the error in a few words, for messages that name it among others."""
        return self.msg


class ValidationError(HwcloudError):
    """The module's parameters break a rule; nothing was sent."""

    def __init__(self, errors):
        super().__init__('Invalid parameters: %s' % '; '.join(errors), errors=list(errors))


class ConfigurationError(HwcloudError):
    """The local settings cannot work (connection settings, credentials, a missing library); nothing was sent."""


class ResourceError(HwcloudError):
    """A failure that is not an API error: an unexpected state, an ambiguity, a timeout."""


class ApiError(HwcloudError):
    """An API call failed; carries HTTP status, error_code, error_msg, request id, method and path.

    `may_have_applied` tells whether a write may have taken effect although it failed: the client sets it
    when any attempt got a 5xx answer, lost its connection after sending, or timed out waiting for the
    answer (never for a refusal, a 429 or a connection that was never made). Reads never apply.
    """

    may_have_applied = False

    def __init__(self, message, status=None, error_code=None, error_msg=None, request_id=None, method=None, path=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.error_code = error_code
        self.error_msg = error_msg
        self.request_id = request_id
        self.method = method
        self.path = path

    def to_dict(self):
        """Return the error details as a plain dict (no headers, no secrets)."""
        return dict(status=self.status, error_code=self.error_code, error_msg=self.error_msg,
                    request_id=self.request_id, method=self.method, path=self.path)

    def summary(self):
        """Return 'HTTP <status> <code> <message>', or 'HTTP <status>: <message>' when the API gave no code and a message
        (the message alone without a status), for messages that name this error among others."""
        text = ' '.join(str(x) for x in (self.error_code, self.error_msg or self.message) if x)
        if not self.status:
            return text
        if not self.error_code and self.error_msg:
            return 'HTTP %s: %s' % (self.status, self.error_msg)
        return 'HTTP %s %s' % (self.status, text)

    def failure(self):
        """Return the fail_json keyword arguments: what was being done, the message and the error details."""
        return dict(self.details, msg='Failed while %s: %s' % (self.doing or 'calling the VPCEP API', self.message),
                    error=self.to_dict())


class AmbiguousRequestError(ApiError):
    """A non-idempotent request may have taken effect; it was not repeated."""

    may_have_applied = True


class doing:  # pylint: disable=invalid-name
    """Context manager: label a HwcloudError raised inside with what was being done (the innermost label wins)."""

    def __init__(self, what):
        self.what = what

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if isinstance(exc, HwcloudError) and not exc.doing:
            exc.doing = self.what
        return False
