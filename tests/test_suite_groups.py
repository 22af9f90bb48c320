"""How `make test` shares the work between its two pytest-xdist workers (tests/conftest.py).

The tests that execute chapters or need the built site form one group (one site build, each
execution once); pytest-xdist's ``--dist loadgroup`` keeps a group on one worker by adding
``@<group>`` to each test's node id. With pytest 9.2 and pytest-xdist 3.8 that suffix is never
added (pytest 9.2 keeps node ids where pytest-xdist does not write), the groups split silently
and each worker builds its own site and runs every planned execution again: pyproject.toml
keeps pytest below 9.2 for this, and this test fails if the suffix goes missing again.
"""

from __future__ import annotations

import os

import pytest


def test_xdist_keeps_each_group_on_one_worker(request):
    if not os.environ.get("PYTEST_XDIST_WORKER") or not getattr(request.config.option, "loadgroup", False):
        pytest.skip("only under pytest-xdist with --dist loadgroup (make test)")
    groups = [m.args[0] for m in request.node.iter_markers("xdist_group")]
    assert groups, "tests/conftest.py gives every test an xdist_group under pytest-xdist"
    assert request.node.nodeid.endswith("@" + groups[0]), (
        f"pytest-xdist did not add the group to the node id ({request.node.nodeid}): "
        "--dist loadgroup splits the groups between workers"
    )
