# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The numeric options' ranges and defaults, each written once: the module base, the client, the kit and the modules
use these.

A number beyond what the collection can use (an api_timeout of 1e12 overflows the socket's timeout) is refused
with a message that names the option and its range, before any request. No Ansible imports.
"""

import math


class Bound:
    """The range of one numeric option: `low` to `high`, with `low` excluded when `low_open` (fractions allowed), and
    its default (the argument spec's)."""

    def __init__(self, low, high, unit='', low_open=False, default=None):
        self.low = low
        self.high = high
        self.unit = unit
        self.low_open = low_open
        self.default = default

    def text(self):
        """Return the range as messages state it: '1 to 32', 'greater than 0 and at most 3600 seconds'."""
        unit = (' ' + self.unit) if self.unit else ''
        if self.low_open:
            return 'greater than %s and at most %s%s' % (self.low, self.high, unit)
        return '%s to %s%s' % (self.low, self.high, unit)

    def holds(self, value):
        """Tell whether a number is in the range."""
        if self.low_open:
            return self.low < value <= self.high
        return self.low <= value <= self.high


# Seconds one HTTP request may wait for an answer; fractions are allowed for the client used on its own.
API_TIMEOUT = Bound(0, 3600, 'seconds', low_open=True, default=30)
MAX_RETRIES = Bound(0, 20, default=5)
# Seconds a module waits for the cloud: a day at most.
WAIT_TIMEOUT = Bound(1, 86400, 'seconds', default=600)
# Requests in flight at once: the info modules' pages and per-service reads, and a fleet's requests.
CONCURRENCY = Bound(1, 32, default=8)
# Entries of a fleet in progress at once. An entry waiting for the cloud holds no request slot (CONCURRENCY bounds
# the requests), so this many provision at the same time; a longer list goes on as entries finish.
FLEET_ENTRIES = 64

# The largest page the list calls and the tag filter take (offset/limit paging).
PAGE_SIZE = 1000

BOUNDS = {
    'api_timeout': API_TIMEOUT,
    'concurrency': CONCURRENCY,
    'max_retries': MAX_RETRIES,
    'wait_timeout': WAIT_TIMEOUT,
}


def problem(option, value, bound=None):
    """Return why a value breaks its option's range ('option: must be ... (got v)'), None when it holds or is None."""
    bound = bound or BOUNDS[option]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        return '%s: must be a number %s (got %r)' % (option, bound.text(), value)
    if not bound.holds(value):
        return '%s: must be %s (got %r)' % (option, bound.text(), value)
    return None


def errors(params):
    """Return one message per bounded option of `params` whose value is out of its range."""
    found = [problem(option, params.get(option)) for option in sorted(BOUNDS) if option in params]
    return [text for text in found if text]
