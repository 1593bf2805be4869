# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bounded concurrent reads, standard library only: results in input order, the first error raised.

Only reads go through here. On a real network a job's time is its sequential round trips, so
independent GETs (the pages after the first, one read per service) overlap; the client's own
429 handling slows every thread of the pool down together. No Ansible imports.
"""

from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits

# How many reads run at once unless a module's `concurrency` option says otherwise.
DEFAULT_CONCURRENCY = limits.CONCURRENCY.default
# The option's bound is checked before a module runs; this keeps internal callers within it too.
MAX_CONCURRENCY = limits.CONCURRENCY.high


def gather(function, items, workers=DEFAULT_CONCURRENCY, ceiling=MAX_CONCURRENCY):
    """Return [function(item) for item in items], at most `workers` (and `ceiling`) running at once, in order.

    The first item (in input order) whose call raises makes gather raise that exception once the
    calls already running have ended; calls not yet started are cancelled.
    """
    items = list(items)
    workers = max(1, min(int(workers or 1), ceiling, len(items) or 1))
    if workers == 1:
        return [function(item) for item in items]
    # Imported here: most module runs never need threads, and the import costs as much as a request.
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(function, item) for item in items]
        try:
            return [future.result() for future in futures]
        except BaseException:
            for future in futures:
                future.cancel()
            raise
