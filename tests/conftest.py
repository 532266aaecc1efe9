"""Suite-wide settings: tests run against a throwaway SAFEPASSAGE_HOME made by `make test`.

Layout: tests/unit/<package> tests one pure package of src/safepassage (no database), tests/project
checks the whole repository (bandit, licences, scoped querysets), tests/app the Django apps on a
database. Under pytest-xdist (`make test` runs `-n TEST_WORKERS --dist loadgroup`) each worker has
its own test database; tests that share an `xdist_group` run one after another on one worker.
"""

from __future__ import annotations

import pytest
from _pytest.nodeid import NodeId

# Marker -> the xdist group its tests share. A Spark session or cluster never starts twice at once:
# two JVMs do not fit beside the suite on a small machine, and a cluster takes ports.
GROUPS = {"spark": "spark"}


def _group_names(item: pytest.Item) -> list[str]:
    return sorted(
        {
            str(m.args[0] if m.args else m.kwargs.get("name", "default"))
            for m in item.iter_markers("xdist_group")
        }
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give the marked tests their group, and on an xdist worker run with `--dist loadgroup` put the
    group into the test's id, which is where the scheduler reads it.

    pytest-xdist 3.8 writes the `@group` suffix to `item._nodeid`, which pytest 9.2 no longer reads
    (its node ids are structured): without this every group would be scattered over the workers
    (pytest-dev/pytest-xdist#1386). A test whose id already ends in its suffix is left alone.
    """
    for item in items:
        for marker, group in GROUPS.items():
            if item.get_closest_marker(marker) and not item.get_closest_marker("xdist_group"):
                item.add_marker(pytest.mark.xdist_group(group))
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        names = _group_names(item)
        suffix = "@" + "_".join(names)
        if names and not item.nodeid.endswith(suffix):
            item._id = NodeId.parse(item.nodeid + suffix)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In the process that ran the session (the xdist controller, or the only one): drop the
    databases of the homes tests/app copied (tests/app/homes.py), once every worker is done."""
    if hasattr(session.config, "workerinput"):
        return
    from tests.app.homes import drop_templates

    drop_templates(session.config._tmp_path_factory.getbasetemp())
