# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The client's configuration: the connection settings, named as the shared module options, and their checks.

Base URLs come from region and cloud (or the endpoint options), the credential set from credentials.py
with the source of each part; every setting that ends up in a host name, a URL path or a socket is
checked before any request, and one ConfigurationError names every problem. No Ansible imports.
"""

import ipaddress
import math
import os
import re
from urllib.parse import urlsplit

from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import credentials as creds
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ConfigurationError

DEFAULT_CLOUD = "myhuaweicloud.com"

# Regions hosted outside the default cloud domain when the user left `cloud` alone.
REGION_CLOUDS = {
    "eu-west-101": "myhuaweicloud.eu",
}

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

REDACTED = "********"

# An id that becomes a URL path segment (service, endpoint, permission record, project).
ID_RE = re.compile(r"^[A-Za-z0-9-]{1,64}\Z")
_REGION_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")
_CLOUD_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+\Z")
_HOST_RE = re.compile(r"^[A-Za-z0-9._:-]+\Z")


def option_hint(name):
    """Return 'name (env A/B/C)' for error messages."""
    names = ENV_VARS.get(name)
    if not names:
        return name
    return "%s (environment %s)" % (name, "/".join(names))


def clean(value):
    """Return a setting with surrounding blanks removed, None for an empty one."""
    # An empty environment variable must not count as a credential or a region.
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


class ClientConfig:
    """Connection settings, named as the shared module options."""

    def __init__(self, access_key=None, secret_key=None, security_token=None, auth_token=None, region=None,
                 project_id=None, cloud=DEFAULT_CLOUD, endpoint=None, iam_endpoint=None, validate_certs=True,
                 ca_cert=None, api_timeout=limits.API_TIMEOUT.default, max_retries=limits.MAX_RETRIES.default,
                 credentials=None):
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
                value = REDACTED
            if name == "credentials":
                value = value.sources
            shown.append("%s=%r" % (name, value))
        return "ClientConfig(%s)" % ", ".join(shown)

    @property
    def secrets(self):
        """Return the non-empty secret values, for scrubbing messages."""
        return [value for value in (self.secret_key, self.security_token, self.auth_token) if clean(value)]

    @property
    def uses_token(self):
        """Return True when auth_token replaces AK/SK signing."""
        return clean(self.auth_token) is not None

    @property
    def effective_cloud(self):
        """Return the cloud domain, taking regions outside the default domain into account."""
        cloud = clean(self.cloud) or DEFAULT_CLOUD
        region = clean(self.region)
        if cloud == DEFAULT_CLOUD and region in REGION_CLOUDS:
            return REGION_CLOUDS[region]
        return cloud

    @property
    def vpcep_url(self):
        """Return the VPCEP base URL without trailing slash."""
        endpoint = clean(self.endpoint)
        if endpoint:
            return endpoint.rstrip("/")
        return "https://vpcep.%s.%s" % (clean(self.region), self.effective_cloud)

    @property
    def iam_url(self):
        """Return the IAM base URL without trailing slash."""
        endpoint = clean(self.iam_endpoint)
        if endpoint:
            return endpoint.rstrip("/")
        return "https://iam.%s.%s" % (clean(self.region), self.effective_cloud)

    def validate(self):
        """Raise one ConfigurationError naming every missing or invalid setting, options and environment variables."""
        problems = self._credential_problems() + self._location_problems()
        ca_cert = clean(self.ca_cert)
        if ca_cert and not os.path.exists(ca_cert):
            problems.append("ca_cert %r does not exist" % ca_cert)
        problems.extend(_number_problems("api_timeout", self.api_timeout, whole=False))
        problems.extend(_number_problems("max_retries", self.max_retries, whole=True))
        if problems:
            raise ConfigurationError("Invalid Huawei Cloud connection settings: %s." % "; ".join(problems))

    def _credential_problems(self):
        values = dict((part, clean(getattr(self, part))) for part in creds.SET_PARTS)
        problem = creds.missing_message(values, self.credentials.sources, self.credentials.origin)
        return [problem] if problem else []

    def credential_note(self, project=True):
        """Return where each credential part in use came from (option or variable names, never values)."""
        values = dict((part, clean(getattr(self, part))) for part in creds.SET_PARTS)
        return "credentials: %s" % creds.explain(values, self.credentials.sources, clean(self.region), project)

    def _location_problems(self):
        # Region, cloud and project id end up in host names and URL paths: only their own characters pass.
        problems = []
        region, cloud, project_id = clean(self.region), clean(self.cloud), clean(self.project_id)
        if region is None and not (clean(self.endpoint) and project_id):
            problems.append(
                "no region: set %s, or both %s and %s"
                % (option_hint("region"), option_hint("endpoint"), option_hint("project_id")))
        if region is not None and not _REGION_RE.match(str(region)):
            problems.append("region must be lowercase letters, digits and '-' (such as cn-north-4), got %r" % (region,))
        if cloud is not None and not _CLOUD_RE.match(str(cloud)):
            problems.append("cloud must be a domain name such as myhuaweicloud.com, got %r" % (cloud,))
        if project_id is not None and not ID_RE.match(str(project_id)):
            problems.append("project_id must be 1 to 64 letters, digits and '-', got %r" % (project_id,))
        for name in ("endpoint", "iam_endpoint"):
            value = clean(getattr(self, name))
            if value:
                problems.extend(_url_problems(name, value))
        return problems

    def warnings(self):
        """Return warnings about the settings: credentials that would travel over plain HTTP to another host, and
        environment variables of another family that the credentials do not read."""
        found = [w for w in [creds.ignored_warning(self.credentials)] if w]
        for name, url in (("endpoint", clean(self.endpoint)), ("iam_endpoint", clean(self.iam_endpoint))):
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
