# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The bounded concurrent reader: order, errors, the bound, and a 429 slowing the whole pool down."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading
import time

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.parallel import MAX_CONCURRENCY, gather


def test_results_keep_the_order_of_the_items_whatever_finishes_first():
    def slow_for_small(n):
        time.sleep(0.01 * (10 - n))
        return n * n
    assert gather(slow_for_small, range(10), workers=5) == [n * n for n in range(10)]


def test_at_most_workers_calls_run_at_once():
    running, peak, lock = [0], [0], threading.Lock()

    def call(_item):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.02)
        with lock:
            running[0] -= 1

    gather(call, range(20), workers=3)
    assert peak[0] == 3


def test_calls_do_overlap():
    started = time.monotonic()
    gather(lambda _item: time.sleep(0.2), range(8), workers=8)
    assert time.monotonic() - started < 0.2 * 4


@pytest.mark.parametrize("workers", [0, 1, None])
def test_one_worker_or_none_runs_in_this_thread_in_order(workers):
    seen = []
    assert gather(lambda n: seen.append((n, threading.current_thread().name)) or n, range(4), workers) == [0, 1, 2, 3]
    assert [n for n, _t in seen] == [0, 1, 2, 3]
    assert set(t for _n, t in seen) == {threading.current_thread().name}


def test_the_bound_is_capped():
    peak, running, lock = [0], [0], threading.Lock()

    def call(_item):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.01)
        with lock:
            running[0] -= 1

    gather(call, range(100), workers=10000)
    assert peak[0] <= MAX_CONCURRENCY


def test_the_first_failing_item_in_input_order_is_raised_and_the_rest_not_started():
    started = []

    def call(n):
        started.append(n)
        if n in (3, 5):
            raise ValueError('item %d' % n)
        time.sleep(0.05)
        return n

    with pytest.raises(ValueError) as info:
        gather(call, range(40), workers=2)
    assert str(info.value) == 'item 3'
    assert len(started) < 40


def test_empty_input():
    assert gather(lambda n: n, [], workers=8) == []
