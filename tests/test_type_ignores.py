"""Every `type: ignore` names its error code and says why, on the same line (issue 13): a bare
one hides every error on its line, and an unexplained one cannot be judged when the code or
the stubs change. Migrations are generated and not type-checked."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR).resolve()
# mypy reads an ignore only at the start of a comment (not after other words in it).
IGNORE = re.compile(r"#\s*type:\s*ignore\b")
# The codes in brackets, then at least one space and a comment with words in it.
EXPLAINED = re.compile(r"#\s*type:\s*ignore\[[a-z0-9-]+(?:,\s*[a-z0-9-]+)*\]\s+#\s*[A-Za-z]")


def python_files() -> list[str]:
    """The tracked Python files (every file under the project when it is not a checkout)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", "*.py"],
            cwd=ROOT,
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        return [name for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        environment = Path(sys.prefix).resolve()
        return [
            str(path.relative_to(ROOT))
            for path in ROOT.rglob("*.py")
            if not path.resolve().is_relative_to(environment)
            and not any(part.startswith(".") or part == "node_modules" for part in path.parts)
        ]


def unexplained(source: str) -> list[int]:
    """Lines whose comment holds a `type: ignore` without an error code or a reason. Only
    comments count: the words inside a string are not an instruction to mypy."""
    lines = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.COMMENT:
            continue
        if IGNORE.match(token.string) and not EXPLAINED.match(token.string):
            lines.append(token.start[0])
    return lines


def test_it_finds_every_type_ignore_with_its_code_and_reason() -> None:
    names = [name for name in python_files() if "migrations" not in Path(name).parts]
    assert "manage.py" in names and "recoverycircle/settings.py" in names  # the scan sees them
    problems = [
        f"{name}:{line}"
        for name in names
        if (ROOT / name).exists()
        for line in unexplained((ROOT / name).read_text(encoding="utf-8"))
    ]
    assert not problems, (
        "a `type: ignore` needs its error code and a reason on the same line, as in "
        "`# type: ignore[attr-defined]  # Django sets it`: " + ", ".join(problems)
    )


def test_it_tells_an_explained_ignore_from_a_bare_or_silent_one() -> None:
    ignore = "# type: " + "ignore"  # split, so that this file holds no such comment itself
    source = "\n".join(
        [
            f"a = 1  {ignore}",
            f"b = 1  {ignore}[attr-defined]",
            f"c = 1  {ignore}[attr-defined]  #",
            f"d = 1  {ignore}  # a reason but no code",
            f"e = 1  {ignore}[attr-defined]  # Django sets it",
            f"f = 1  {ignore}[method-assign,assignment]  # on purpose",
            f"g = 1  # not read by mypy: {ignore}",
            f"h = '{ignore}'",
            "i = 1  #type:" + "ignore[misc]",
            "",
        ]
    )
    assert unexplained(source) == [1, 2, 3, 4, 9]
