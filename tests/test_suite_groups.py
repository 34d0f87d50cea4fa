"""The suite's own machinery: a group's tests run in one test process (tests/conftest.py)."""

from __future__ import annotations

import pytest


def test_every_grouped_test_carries_its_group_in_its_id(request: pytest.FixtureRequest) -> None:
    """`--dist loadgroup` keeps a group's tests (a module's browser tests, with their one Chromium;
    the triage measurements, which judge each batch once) on one process by the ``@group`` at the end
    of their ids. With pytest 9.2, xdist's own renaming no longer took (pytest-xdist issue 1386), and
    nothing failed: every group was quietly spread over all the processes. Run alone (``-n 0``),
    there is one process and the ids stay as pytest names them."""
    grouped = {item.nodeid: sorted(str(m.args[0]) for m in item.iter_markers("xdist_group"))
               for item in request.session.items if item.get_closest_marker("xdist_group")}
    if getattr(request.config.option, "loadgroup", False):
        assert [nodeid for nodeid, names in grouped.items() if not nodeid.endswith("@" + "_".join(names))] == []
    else:
        assert [nodeid for nodeid in grouped if "]" not in nodeid and "@" in nodeid] == []
