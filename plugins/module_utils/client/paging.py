# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The client's paging: every item of an offset/limit listing, in order, each id once, in bounded waves.

The first page's total_count bounds how many pages may follow, but is not trusted further: the next
pages are read in waves of at most `workers` (concurrently when more than one), and the first short or
empty page, or a page that brings no item not seen before, ends the listing. So a server that overstates
total_count (or ignores offset) costs at most one wave more, never total_count / page_size requests.
No Ansible imports.
"""

from ansible_collections.hwcloud.vpcep.plugins.module_utils import limits
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.transport import query_pairs
from ansible_collections.hwcloud.vpcep.plugins.module_utils.parallel import gather


def paginate(get, path, key, params=None, page_size=limits.PAGE_SIZE, workers=1):
    """Yield every item of answer[key] across the pages `get(path, params)` reads, in order, each id once."""
    base = [(k, v) for k, v in query_pairs(params) if k not in ("offset", "limit")]

    def page(offset):
        answer = get(path, params=base + [("limit", page_size), ("offset", offset)])
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
