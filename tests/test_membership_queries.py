"""No membership query outside `circle`: who is in whose circle is asked of circle.members and
circle.policy, so the rules about paused and ended memberships live in one place. Migrations
and tests may query memberships."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {".venv", "node_modules", "tests", "circle", "migrations", "static", "data"}
# The reverse relations of a membership on an account (circle.models.Membership).
RELATED = {"circle_memberships", "supporting"}
MANAGERS = {"objects", "_default_manager", "_base_manager"}


def offences(source: str) -> list[str]:
    """Where `source` queries memberships: their manager, or an account's related manager."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute):
            continue
        base = node.value
        named = base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
        if node.attr in MANAGERS and named == "Membership":
            found.append(f"line {node.lineno}: Membership.{node.attr}")
        elif node.attr in RELATED:
            found.append(f"line {node.lineno}: .{node.attr}")
    return found


def modules() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if not SKIPPED & set(path.relative_to(ROOT).parts)
    ]


def test_it_finds_the_modules_it_checks() -> None:
    names = {str(path.relative_to(ROOT)) for path in modules()}
    assert {"helpboard/services.py", "alerts/delivery.py", "scripts/bench.py"} <= names
    assert not any(name.startswith(("circle/", "tests/")) for name in names)


def test_it_spots_a_membership_query() -> None:
    source = (
        "from circle.models import Membership\n"
        "rows = Membership.objects.filter(client=client)\n"
        "mine = user.supporting.filter(status='active')\n"
        "theirs = user.circle_memberships.all()\n"
        "fine = members.active_circle(client)\n"
    )
    assert offences(source) == [
        "line 2: Membership.objects",
        "line 3: .supporting",
        "line 4: .circle_memberships",
    ]


def test_it_has_no_membership_query_outside_circle() -> None:
    found = {
        str(path.relative_to(ROOT)): where
        for path in modules()
        if (where := offences(path.read_text(encoding="utf-8")))
    }
    assert found == {}, f"ask circle.members or circle.policy instead: {found}"
