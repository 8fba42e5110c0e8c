"""Recall and false-alarm rate of the crisis detector on the labelled corpus
(tests/fixtures/crisis_corpus.jsonl), per split and language.

    .venv/bin/python scripts/crisis_corpus.py            # the numbers
    .venv/bin/python scripts/crisis_corpus.py --misses   # and the tune split's mistakes

Mistakes are listed for the tune split only: the held-out split is for measuring, not tuning.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recoverycircle.test_settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list the tune split's mistakes")
    args = parser.parse_args()
    import django

    django.setup()
    from crisis.corpus import evaluate, load

    rows = load()
    started = time.perf_counter()
    for split in ("tune", "heldout"):
        for language in ("en", "es", None):
            score = evaluate([r for r in rows if r.split == split], language)
            print(f"{split:8} {language or 'all':4} {score}")
    elapsed = time.perf_counter() - started
    print(f"{elapsed / (len(rows) * 3) * 1e6:.0f} µs per message")
    if args.misses:
        from crisis.detect import detect

        for row in rows:
            if row.split != "tune":
                continue
            found = detect(row.text)
            if (found is not None) != row.crisis:
                print(f"{'MISS' if row.crisis else 'FALSE'} {row.text!r} -> {found}")


if __name__ == "__main__":
    main()
