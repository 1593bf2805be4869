# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The accounts the simulator knows: one project each, all in the simulator's one region.

An account is a dict: name, access_key, secret_key, domain_id, project_id. The first one is the
default account (the provider); the others are extra ones, by default one consumer. Every request
is authenticated as one of them, and resources belong to its project.
"""

import copy
import hashlib

from . import defaults

ACCOUNT_KEYS = ("name", "access_key", "secret_key", "domain_id", "project_id")


def default_consumer():
    """The second account of a simulator started without accounts=: the consumer."""
    return {
        "name": defaults.CONSUMER_ACCOUNT_NAME,
        "access_key": defaults.CONSUMER_ACCESS_KEY,
        "secret_key": defaults.CONSUMER_SECRET_KEY,
        "domain_id": defaults.CONSUMER_DOMAIN_ID,
        "project_id": defaults.CONSUMER_PROJECT_ID,
    }


def _derived_id(access_key, what):
    # Stable across runs (a state file keeps pointing at the same project), distinct per access key.
    return hashlib.sha256(("%s/%s" % (access_key, what)).encode("utf-8")).hexdigest()[:32]


def _complete(account, index):
    """One account dict with its defaults filled in; raises ValueError for a bad one."""
    if not isinstance(account, dict):
        raise ValueError("account %d must be a dict" % index)
    unknown = sorted(set(account) - set(ACCOUNT_KEYS))
    if unknown:
        raise ValueError("account %d: unknown key %s (known: %s)" % (index, unknown[0], ", ".join(ACCOUNT_KEYS)))
    for key in ("access_key", "secret_key"):
        if not isinstance(account.get(key), str) or not account[key]:
            raise ValueError("account %d: %s is required" % (index, key))
    result = {
        "name": account.get("name") or "account%d" % (index + 1),
        "access_key": account["access_key"],
        "secret_key": account["secret_key"],
        "domain_id": account.get("domain_id") or _derived_id(account["access_key"], "domain"),
        "project_id": account.get("project_id") or _derived_id(account["access_key"], "project"),
    }
    for key, value in result.items():
        if not isinstance(value, str):
            raise ValueError("account %d: %s must be a string" % (index, key))
    return result


class Accounts:
    """The simulator's accounts, looked up by name, access key or project id."""

    def __init__(self, default, extras):
        self.items = [_complete(account, index) for index, account in enumerate([default] + list(extras))]
        for key in ACCOUNT_KEYS:
            values = [account[key] for account in self.items]
            duplicates = sorted({value for value in values if values.count(value) > 1})
            if duplicates:
                raise ValueError("two accounts share the %s %s" % (key, duplicates[0]))

    @property
    def default(self):
        """The first account (the provider)."""
        return self.items[0]

    def by_name(self, name):
        """The account of this name, or None."""
        return next((account for account in self.items if account["name"] == name), None)

    def by_access_key(self, access_key):
        """The account of this access key, or None."""
        return next((account for account in self.items if account["access_key"] == access_key), None)

    def by_secret_key(self, secret_key):
        """The account whose secret key this is (IAM's password method), or None."""
        return next((account for account in self.items if account["secret_key"] == secret_key), None)

    def secrets(self):
        """access key -> secret key, for the signature check."""
        return {account["access_key"]: account["secret_key"] for account in self.items}

    def listing(self):
        """Copies of every account, the default first."""
        return copy.deepcopy(self.items)
