"""Scoring vectors worked out by hand from each publication's rules: minimum, maximum, each
subscale, each band edge on both sides, reverse scoring, and refused answers."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from measures import scoring
from measures.definitions import (
    Band,
    CrisisRule,
    Definition,
    DefinitionError,
    Item,
    Option,
    Scale,
)
from measures.instruments import INSTRUMENTS, all_definitions


def answers(values: list[int], keys: tuple[str, ...] | None = None) -> dict[str, int]:
    keys = keys or tuple(str(n) for n in range(1, len(values) + 1))
    assert len(keys) == len(values)
    return dict(zip(keys, values, strict=True))


def scored(code: str, values: list[int] | dict[str, int]) -> scoring.Result:
    given = values if isinstance(values, dict) else answers(values)
    return scoring.score(INSTRUMENTS[code], given)


def scale(result: scoring.Result, key: str) -> scoring.ScaleScore:
    return next(s for s in result.scales if s.scale.key == key)


def band_code(score: scoring.ScaleScore) -> str | None:
    return score.band.code if score.band else None


def total_and_band(result: scoring.Result) -> tuple[Fraction, str | None]:
    primary = result.primary
    assert primary is not None
    return primary.value, primary.band.code if primary.band else None


def test_it_offers_exactly_the_six_instruments_and_not_the_cssrs() -> None:
    assert set(INSTRUMENTS) == {"bam", "mspss", "barc10", "pacs", "phq9", "gad7"}
    assert [len(d.items) for d in all_definitions()] == [23, 12, 10, 5, 9, 7]
    for definition in all_definitions():
        assert definition.citation and definition.scoring_source and definition.licence


# PHQ-9 (Kroenke et al. 2001): sum 0–27; 0–4, 5–9, 10–14, 15–19, 20–27; item 9 ≥ 1 is a crisis


@pytest.mark.parametrize(
    ("values", "total", "band"),
    [
        ([0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "minimal"),
        ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "minimal"),
        ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "mild"),
        ([3, 3, 3, 0, 0, 0, 0, 0, 0], 9, "mild"),
        ([3, 3, 3, 1, 0, 0, 0, 0, 0], 10, "moderate"),
        ([2, 2, 2, 2, 2, 2, 2, 0, 0], 14, "moderate"),
        ([3, 2, 2, 2, 2, 2, 2, 0, 0], 15, "moderately_severe"),
        ([3, 3, 3, 3, 3, 2, 2, 0, 0], 19, "moderately_severe"),
        ([3, 3, 3, 3, 3, 3, 2, 0, 0], 20, "severe"),
        ([3, 3, 3, 3, 3, 3, 3, 3, 3], 27, "severe"),
    ],
)
def test_it_scores_the_phq9_as_published(values: list[int], total: int, band: str) -> None:
    assert total_and_band(scored("phq9", values)) == (Fraction(total), band)


@pytest.mark.parametrize(("item9", "crisis"), [(0, False), (1, True), (2, True), (3, True)])
def test_it_flags_a_crisis_on_phq9_item_9_above_not_at_all(item9: int, crisis: bool) -> None:
    result = scored("phq9", [0, 0, 0, 0, 0, 0, 0, 0, item9])
    assert result.crisis is crisis
    # The crisis flag does not change the score: one point, still minimal.
    assert total_and_band(result) == (Fraction(item9), "minimal")


def test_it_ignores_high_answers_elsewhere_for_the_crisis_flag() -> None:
    assert scored("phq9", [3, 3, 3, 3, 3, 3, 3, 3, 0]).crisis is False


# GAD-7 (Spitzer et al. 2006): sum 0–21; 0–4, 5–9, 10–14, 15–21


@pytest.mark.parametrize(
    ("values", "total", "band"),
    [
        ([0, 0, 0, 0, 0, 0, 0], 0, "minimal"),
        ([1, 1, 1, 1, 0, 0, 0], 4, "minimal"),
        ([1, 1, 1, 1, 1, 0, 0], 5, "mild"),
        ([3, 3, 3, 0, 0, 0, 0], 9, "mild"),
        ([3, 3, 3, 1, 0, 0, 0], 10, "moderate"),
        ([2, 2, 2, 2, 2, 2, 2], 14, "moderate"),
        ([3, 2, 2, 2, 2, 2, 2], 15, "severe"),
        ([3, 3, 3, 3, 3, 3, 3], 21, "severe"),
    ],
)
def test_it_scores_the_gad7_as_published(values: list[int], total: int, band: str) -> None:
    result = scored("gad7", values)
    assert total_and_band(result) == (Fraction(total), band)
    assert result.crisis is False


# MSPSS (Zimet et al. 1988): means 1–7; SO 1,2,5,10; Family 3,4,8,11; Friends 6,7,9,12.
# Bands by the documented rule: low < 3 ≤ moderate ≤ 5 < high, exact means.


def mspss(so: list[int], family: list[int], friends: list[int]) -> dict[str, int]:
    keys = {"so": (1, 2, 5, 10), "family": (3, 4, 8, 11), "friends": (6, 7, 9, 12)}
    given = {}
    for name, values in (("so", so), ("family", family), ("friends", friends)):
        given.update({str(k): v for k, v in zip(keys[name], values, strict=True)})
    return given


def test_it_scores_the_mspss_minimum_and_maximum() -> None:
    low = scored("mspss", [1] * 12)
    high = scored("mspss", [7] * 12)
    for key in ("total", "significant_other", "family", "friends"):
        assert (scale(low, key).value, band_code(scale(low, key))) == (Fraction(1), "low")
        assert (scale(high, key).value, band_code(scale(high, key))) == (Fraction(7), "high")


def test_it_scores_each_mspss_subscale_from_its_own_items() -> None:
    # A special person answers 7, family 1, friends 4: the means are 7, 1, 4; the total is
    # (4·7 + 4·1 + 4·4) / 12 = 48 / 12 = 4.
    result = scored("mspss", mspss([7, 7, 7, 7], [1, 1, 1, 1], [4, 4, 4, 4]))
    found = {s.scale.key: (s.value, s.band.code if s.band else None) for s in result.scales}
    assert found == {
        "total": (Fraction(4), "moderate"),
        "significant_other": (Fraction(7), "high"),
        "family": (Fraction(1), "low"),
        "friends": (Fraction(4), "moderate"),
    }


def test_it_scores_the_mspss_subscales_with_uneven_answers() -> None:
    # SO (6, 5, 7, 2) → 20/4 = 5; family (2, 3, 4, 1) → 10/4 = 2.5; friends (7, 6, 6, 5) → 6.
    result = scored("mspss", mspss([6, 5, 7, 2], [2, 3, 4, 1], [7, 6, 6, 5]))
    assert scale(result, "significant_other").value == 5
    assert scale(result, "family").value == Fraction(5, 2)
    assert scale(result, "friends").value == 6
    assert scale(result, "total").value == Fraction(54, 12)


@pytest.mark.parametrize(
    ("values", "mean", "band", "shown"),
    [
        ([3] * 11 + [2], Fraction(35, 12), "low", "2.92"),  # 2.9166…: below 3
        ([3] * 12, Fraction(3), "moderate", "3"),
        ([5] * 12, Fraction(5), "moderate", "5"),
        ([5] * 11 + [6], Fraction(61, 12), "high", "5.08"),  # 5.083…: above 5
    ],
)
def test_it_bands_the_mspss_total_on_both_sides_of_each_edge(
    values: list[int], mean: Fraction, band: str, shown: str
) -> None:
    total = scale(scored("mspss", values), "total")
    assert (total.value, band_code(total), total.shown) == (mean, band, shown)


@pytest.mark.parametrize(
    ("family", "band"),
    [
        ([3, 3, 3, 2], "low"),
        ([3, 3, 3, 3], "moderate"),
        ([5, 5, 5, 5], "moderate"),
        ([5, 5, 5, 6], "high"),
    ],
)
def test_it_bands_each_mspss_subscale_by_the_same_rule(family: list[int], band: str) -> None:
    result = scored("mspss", mspss([4, 4, 4, 4], family, [4, 4, 4, 4]))
    assert band_code(scale(result, "family")) == band


@pytest.mark.parametrize(
    ("mean", "band"),
    [
        ("2.9", "low"),
        ("2.95", "low"),
        ("2.999", "low"),
        ("3", "moderate"),
        ("5", "moderate"),
        ("5.01", "high"),
        ("5.05", "high"),
        ("5.1", "high"),
    ],
)
def test_it_applies_the_documented_rule_to_means_in_the_published_gaps(
    mean: str, band: str
) -> None:
    total = INSTRUMENTS["mspss"].scale("total")
    found = scoring.band_for(total, Fraction(mean))
    assert found is not None and found.code == band


# BARC-10 (Vilsaint et al. 2017): sum 10–60; 47 or more is at or above the cut-off


@pytest.mark.parametrize(
    ("values", "total", "band"),
    [
        ([1] * 10, 10, "below_cutoff"),
        ([5] * 6 + [4] * 4, 46, "below_cutoff"),
        ([5] * 7 + [4] * 3, 47, "at_or_above_cutoff"),
        ([6] * 10, 60, "at_or_above_cutoff"),
    ],
)
def test_it_scores_the_barc10_as_published(values: list[int], total: int, band: str) -> None:
    assert total_and_band(scored("barc10", values)) == (Fraction(total), band)


# PACS (Flannery et al. 1999): sum 0–30, no bands published


@pytest.mark.parametrize(("values", "total"), [([0] * 5, 0), ([1, 2, 3, 4, 5], 15), ([6] * 5, 30)])
def test_it_scores_the_pacs_without_bands(values: list[int], total: int) -> None:
    assert total_and_band(scored("pacs", values)) == (Fraction(total), None)


# BAM (Cacciola et al. 2013; scoring manual): Use 4+5+6, Risk 1+2+3+8+11+15,
# Protective 9+10+12+13+14+16; flags Use ≥ 1, Risk ≥ 12, Protective ≤ 12; no total


def bam(**given: int) -> dict[str, int]:
    values = {item.key: 0 for item in INSTRUMENTS["bam"].items}
    values.update({key.removeprefix("i"): value for key, value in given.items()})
    return values


def bam_scores(result: scoring.Result) -> dict[str, tuple[Fraction, str | None]]:
    return {s.scale.key: (s.value, s.band.code if s.band else None) for s in result.scales}


def test_it_scores_the_bam_minimum_and_maximum() -> None:
    assert bam_scores(scored("bam", bam())) == {
        "use": (Fraction(0), "none"),
        "risk": (Fraction(0), "lower"),
        "protective": (Fraction(0), "lower"),
    }
    top = {item.key: item.high for item in INSTRUMENTS["bam"].items}
    assert bam_scores(scored("bam", top)) == {
        "use": (Fraction(12), "some"),
        "risk": (Fraction(24), "higher"),
        "protective": (Fraction(24), "higher"),
    }
    assert scored("bam", top).primary is None


def test_it_scores_each_bam_scale_from_its_own_items_only() -> None:
    use = scored("bam", bam(i4=1, i5=2, i6=3))
    assert bam_scores(use)["use"] == (Fraction(6), "some")
    assert bam_scores(use)["risk"][0] == 0 and bam_scores(use)["protective"][0] == 0
    risk = scored("bam", bam(i1=1, i2=1, i3=1, i8=1, i11=1, i15=1))
    assert bam_scores(risk) == {
        "use": (Fraction(0), "none"),
        "risk": (Fraction(6), "lower"),
        "protective": (Fraction(0), "lower"),
    }
    protective = scored("bam", bam(i9=4, i10=3, i12=2, i13=1, i14=4, i16=4))
    assert bam_scores(protective)["protective"] == (Fraction(18), "higher")
    assert bam_scores(protective)["use"][0] == bam_scores(protective)["risk"][0] == 0


def test_it_leaves_bam_items_7a_to_7g_and_17_out_of_every_score() -> None:
    unscored = dict.fromkeys(("7a", "7b", "7c", "7d", "7e", "7f", "7g", "17"), 4)
    assert bam_scores(scored("bam", bam(**{f"i{k}": v for k, v in unscored.items()}))) == {
        "use": (Fraction(0), "none"),
        "risk": (Fraction(0), "lower"),
        "protective": (Fraction(0), "lower"),
    }


@pytest.mark.parametrize(
    ("given", "scale_key", "value", "band"),
    [
        ({"i4": 0, "i5": 0, "i6": 0}, "use", 0, "none"),
        ({"i6": 1}, "use", 1, "some"),
        ({"i1": 4, "i2": 4, "i3": 3}, "risk", 11, "lower"),
        ({"i1": 4, "i2": 4, "i3": 4}, "risk", 12, "higher"),
        ({"i9": 4, "i10": 4, "i12": 4}, "protective", 12, "lower"),
        ({"i9": 4, "i10": 4, "i12": 4, "i13": 1}, "protective", 13, "higher"),
    ],
)
def test_it_flags_the_bam_at_the_manuals_edges(
    given: dict[str, int], scale_key: str, value: int, band: str
) -> None:
    assert bam_scores(scored("bam", bam(**given)))[scale_key] == (Fraction(value), band)


def test_it_scores_bam_item_14_as_no_zero_or_yes_four_only() -> None:
    assert bam_scores(scored("bam", bam(i14=4)))["protective"][0] == 4
    with pytest.raises(scoring.AnswerError) as refused:
        scored("bam", bam(i14=2))
    assert set(refused.value.errors) == {"14"}
    assert "0, 4" in str(refused.value)


# Reverse scoring (none of the six needs it; the scorer handles it for any definition)


def reversed_definition() -> Definition:
    five = tuple(Option(v, str(v)) for v in range(5))
    return Definition(
        code="test",
        name="Test",
        short_name="T",
        about="",
        instructions="",
        items=(Item("a", "A", five, reverse=True), Item("b", "B", five)),
        scales=(
            Scale(
                "total", "Sum", ("a", "b"), bands=(Band("lo", "Lo", "", 0), Band("hi", "Hi", "", 5))
            ),
            Scale("mean", "Mean", ("a", "b"), "mean"),
        ),
        citation="x",
        scoring_source="x",
        licence="x",
        crisis=(CrisisRule("a", 3),),
    )


@pytest.mark.parametrize(
    ("a", "b", "total", "mean", "band"),
    [
        (0, 0, 4, 2, "lo"),
        (4, 4, 4, 2, "lo"),
        (4, 0, 0, 0, "lo"),
        (0, 4, 8, 4, "hi"),
        (1, 3, 6, 3, "hi"),
        (3, 0, 1, Fraction(1, 2), "lo"),
    ],
)
def test_it_reverse_scores_items_marked_reverse(
    a: int, b: int, total: int, mean: Fraction, band: str
) -> None:
    result = scoring.score(reversed_definition(), {"a": a, "b": b})
    assert scale(result, "total").value == total
    assert band_code(scale(result, "total")) == band
    assert scale(result, "mean").value == mean
    # A crisis rule reads the raw answer, not the reversed score.
    assert result.crisis is (a >= 3)


# Refused answers: every item required, every value one of its options


@pytest.mark.parametrize("code", sorted(INSTRUMENTS))
def test_it_refuses_a_missing_answer_naming_the_question(code: str) -> None:
    definition = INSTRUMENTS[code]
    given = {item.key: item.low for item in definition.items}
    last = definition.items[-1]
    del given[last.key]
    with pytest.raises(scoring.AnswerError) as refused:
        scoring.score(definition, given)
    assert set(refused.value.errors) == {last.key}
    assert f"not answered: {last.number}" in str(refused.value)


@pytest.mark.parametrize("code", sorted(INSTRUMENTS))
def test_it_refuses_answers_outside_the_options(code: str) -> None:
    definition = INSTRUMENTS[code]
    first = definition.items[0]
    for wrong in (first.high + 1, first.low - 1, True, "x", 1.5, None, ""):
        given: dict[str, object] = {item.key: item.low for item in definition.items}
        given[first.key] = wrong
        with pytest.raises(scoring.AnswerError) as refused:
            scoring.score(definition, given)
        assert set(refused.value.errors) == {first.key}, wrong


def test_it_refuses_unknown_questions_and_names_every_problem_at_once() -> None:
    given: dict[str, object] = {str(n): 0 for n in range(1, 9)}
    given["1"] = 4
    given["10"] = 1
    with pytest.raises(scoring.AnswerError) as refused:
        scoring.score(INSTRUMENTS["phq9"], given)
    assert set(refused.value.errors) == {"1", "9", "10"}
    message = str(refused.value)
    assert "not answered: 9" in message and "question 1" in message and "10" in message


def test_it_accepts_answers_posted_as_digit_strings() -> None:
    result = scoring.score(INSTRUMENTS["gad7"], {str(n): "2" for n in range(1, 8)})
    assert total_and_band(result) == (Fraction(14), "moderate")


def test_it_stores_exact_sums_as_integers_and_means_to_two_decimals() -> None:
    assert scored("phq9", [1] * 9).scores_json() == {"total": {"value": 9, "band": "mild"}}
    stored = scored("mspss", [3] * 11 + [2]).scores_json()["total"]
    assert stored == {"value": 2.92, "band": "low"}


# Definitions are checked when they are built


def test_it_refuses_a_definition_whose_bands_do_not_start_at_the_lowest_score() -> None:
    with pytest.raises(DefinitionError, match="first band"):
        Definition(
            code="bad",
            name="B",
            short_name="B",
            about="",
            instructions="",
            items=(Item("a", "A", (Option(0, "no"), Option(1, "yes"))),),
            scales=(Scale("total", "T", ("a",), bands=(Band("x", "X", "", 1),)),),
            citation="x",
            scoring_source="x",
            licence="x",
        )


def test_it_refuses_a_definition_with_bands_out_of_order_or_unknown_items() -> None:
    two = (Option(0, "no"), Option(1, "yes"))
    with pytest.raises(DefinitionError, match="rising order"):
        Definition(
            code="bad",
            name="B",
            short_name="B",
            about="",
            instructions="",
            items=(Item("a", "A", two),),
            scales=(
                Scale("total", "T", ("a",), bands=(Band("x", "X", "", 0), Band("y", "Y", "", 0))),
            ),
            citation="x",
            scoring_source="x",
            licence="x",
        )
    with pytest.raises(DefinitionError, match="unknown item"):
        Definition(
            code="bad",
            name="B",
            short_name="B",
            about="",
            instructions="",
            items=(Item("a", "A", two),),
            scales=(Scale("total", "T", ("a", "b")),),
            citation="x",
            scoring_source="x",
            licence="x",
        )


@pytest.mark.parametrize("code", sorted(INSTRUMENTS))
def test_it_reaches_every_band_of_every_instrument(code: str) -> None:
    """Each band's lower edge is reachable: no band is dead data."""
    definition = INSTRUMENTS[code]
    for each in definition.scales:
        low, high = definition.range_of(each)
        for band in each.bands:
            edge = Fraction(band.lower)
            probe = edge if band.lower_included else edge + Fraction(1, 1000)
            assert low <= probe <= high
            assert scoring.band_for(each, probe) is band


def test_it_documents_every_instrument_with_its_source() -> None:
    docs = (Path(__file__).resolve().parent.parent / "docs" / "measures.md").read_text()
    for definition in all_definitions():
        first_author = definition.citation.split()[0]
        assert f"(`{definition.code}`)" in docs, definition.code
        assert first_author in docs, first_author
