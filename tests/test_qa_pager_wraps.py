"""The pager and filter rows (e.g. the toolkit's kinds of trigger, longer in Spanish) wrap on
a phone instead of pushing the page 185 px wider than a 390 px screen (found in a browser
walk)."""

from __future__ import annotations

import re
from pathlib import Path

CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "app.css"


def test_it_lets_the_pager_wrap_on_a_narrow_screen() -> None:
    rule = re.search(r"^\.pager \{([^}]*)\}", CSS.read_text(), re.M)
    assert rule is not None
    assert "flex-wrap:wrap" in rule.group(1).replace(" ", "")
