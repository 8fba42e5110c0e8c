"""The labelled crisis corpus (tests/fixtures/crisis_corpus.jsonl) and its measures: recall on
crisis messages and the false-alarm rate on the others, per split and language."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from crisis.detect import detect

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "crisis_corpus.jsonl"


@dataclass(frozen=True)
class Row:
    text: str
    crisis: bool
    tier: str | None
    language: str
    split: str


@dataclass(frozen=True)
class Score:
    crisis: int
    found: int
    other: int
    false_alarms: int

    @property
    def recall(self) -> float:
        return self.found / self.crisis if self.crisis else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.other if self.other else 0.0

    def __str__(self) -> str:
        return (
            f"recall {self.found}/{self.crisis} = {self.recall:.1%}, false alarms "
            f"{self.false_alarms}/{self.other} = {self.false_alarm_rate:.1%}"
        )


def load(path: Path = CORPUS) -> list[Row]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            rows.append(
                Row(
                    item["text"],
                    item["label"] == "crisis",
                    item["tier"],
                    item["language"],
                    item["split"],
                )
            )
    return rows


def evaluate(rows: list[Row], language: str | None = None) -> Score:
    chosen = [r for r in rows if language is None or r.language == language]
    crisis = [r for r in chosen if r.crisis]
    other = [r for r in chosen if not r.crisis]
    return Score(
        crisis=len(crisis),
        found=sum(detect(r.text) is not None for r in crisis),
        other=len(other),
        false_alarms=sum(detect(r.text) is not None for r in other),
    )
