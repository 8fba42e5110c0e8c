"""The fast path: words without which no phrase of crisis/phrases.py or crisis/phrases_es.py
can match. A clause holding none of them is ruled out with a few set look-ups per word, before
any regular expression runs (check-ins run the detector on every note).

Each entry is the first four letters of a word, or a whole shorter word ("od", "die"). A
phrase is tried only on a clause holding one of the entries that start a word in the phrase's
own pattern. tests/test_crisis_detect.py proves, on clauses built from the phrases' own words
and on the corpus, that a phrase never matches a clause without one of its entries; add the
key word of a new phrase here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ANCHORS = frozenset(
    """
    kill myse self mese life live livi aliv dead deat die died dies dyin suic sewe kms
    jump step leap thro driv cras stee swer gun pist revo hand shot fire bull ammo plan
    know deci figu work pick foun chos scou rope noos cord razo blad pill tabl meds medi
    tyle xana oxy oxys oxyc perc bars benz slee advi ibup acet insu fent hero dope leth
    fata dead best easi quic pain fast sure how runn ledg edge roof brid trac good fare
    fina lett note last arou here read find see sees time gone away need affa love over
    od oded odin bott pack box cabi draw wake brea hear shoo hot hots enou arm arms wris
    leg legs thig skin stom body head face vein thro cut cutt burn hurt harm blee inju sh
    purp born exis woke nigh morn disa asle go keep vani waki poin reas sens will wort
    mean hope stay do take bear stan end endi stop bett happ fine burd wast miss care
    noti cry fune rath mind fini chec suff feel
    mori mata quit ahor colg enve tiro disp acab term tira aven lanz salt soga cuer arma
    esco rifl past pild calm guar junt acum desp ulti adio perd cuid esta este rega fras
    sobr hast cort quem last dano golp ojal dorm vivi segu aqui vivo viva sent vida mejo
    carg extr nota llor cans hart agua pued sopo desa razo moti muer mund irme ir
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


def anchors_of(pattern: str) -> frozenset[str]:
    """The entries that start a word in a phrase's pattern."""
    words = pattern.replace(r"\b", " ")  # a word boundary is not a letter
    return frozenset(a for a in ANCHORS if re.search(rf"(?<![a-z\\]){a}", words))


def by_anchor(patterns: Iterable[str]) -> dict[str, tuple[int, ...]]:
    """Entry -> the positions of the patterns it starts a word in."""
    found: dict[str, list[int]] = {}
    for position, pattern in enumerate(patterns):
        for anchor in anchors_of(pattern):
            found.setdefault(anchor, []).append(position)
    return {anchor: tuple(positions) for anchor, positions in found.items()}


def candidates(clause: str, by_anchor: dict[str, tuple[int, ...]]) -> list[int]:
    """The positions of the patterns worth trying on `clause`, in order; usually none."""
    chosen: set[int] = set()
    for word in clause.split(" "):
        # A word of four letters or more by its first four; a shorter one as it is.
        positions = by_anchor.get(word[:4])
        if positions:
            chosen.update(positions)
    return sorted(chosen)
