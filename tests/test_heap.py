"""The collector is paused only while a block runs, and settled objects are left alone."""

from __future__ import annotations

import gc

import pytest

from laborscreen.heap import collector_paused, settle


def test_collector_is_back_on_after_the_block_even_when_it_fails() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_paused_before_stays_paused() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_settled_objects_are_not_tracked_by_any_generation() -> None:
    frozen_before = gc.get_freeze_count()
    data = [[i] for i in range(1000)]
    settle()
    assert gc.get_freeze_count() >= frozen_before + len(data)
