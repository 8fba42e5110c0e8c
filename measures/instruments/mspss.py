"""MSPSS, the Multidimensional Scale of Perceived Social Support.

Source: Zimet GD, Dahlem NW, Zimet SG, Farley GK. The Multidimensional Scale of Perceived
Social Support. J Pers Assess. 1988;52(1):30–41. doi:10.1207/s15327752jpa5201_2

Scoring as published: twelve statements, each 1 ("Very Strongly Disagree") to 7 ("Very
Strongly Agree"), none reverse-scored. Subscales are item means: Significant Other items 1, 2,
5, 10; Family 3, 4, 8, 11; Friends 6, 7, 9, 12; the total is the mean of all twelve.

Bands (from the scale author's scoring information, not the 1988 paper): 1–2.9 low support,
3–5 moderate, 5.1–7 high. Those ranges leave gaps (a total mean of 35/12 ≈ 2.92, or an
arbitrary 2.95, lies between 2.9 and 3), so this software reads them by their whole-number
edges: low is below 3, moderate is 3 up to and including 5, high is above 5. The mean is
compared exactly, never rounded first: 2.95 is low, 3 is moderate, 5 is moderate, 61/12 ≈ 5.08
is high. The same bands are applied to each subscale.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from measures.definitions import Band, Definition, Item, Option, Scale, Text

# The statements, answers and instructions stay in English in every language: no validated
# Spanish version is offered (docs/measures.md). The words this software adds are translated.

AGREE = (
    Option(1, "Very strongly disagree"),
    Option(2, "Strongly disagree"),
    Option(3, "Mildly disagree"),
    Option(4, "Neutral"),
    Option(5, "Mildly agree"),
    Option(6, "Strongly agree"),
    Option(7, "Very strongly agree"),
)

TEXTS = (
    "There is a special person who is around when I am in need.",
    "There is a special person with whom I can share my joys and sorrows.",
    "My family really tries to help me.",
    "I get the emotional help and support I need from my family.",
    "I have a special person who is a real source of comfort to me.",
    "My friends really try to help me.",
    "I can count on my friends when things go wrong.",
    "I can talk about my problems with my family.",
    "I have friends with whom I can share my joys and sorrows.",
    "There is a special person in my life who cares about my feelings.",
    "My family is willing to help me make decisions.",
    "I can talk about my problems with my friends.",
)


def bands(low: Text, moderate: Text, high: Text) -> tuple[Band, ...]:
    """The three bands, with the meaning of each for the total or one subscale."""
    return (
        Band(
            "low",
            pgettext_lazy("support", "Low"),
            low,
            1,
            advice=_(
                "Feeling alone makes recovery harder, and it can change. A meeting, a peer "
                "group or one person you could call this week is a good first step."
            ),
        ),
        Band(
            "moderate",
            pgettext_lazy("support", "Moderate"),
            moderate,
            3,
            advice=_("Some support is there. Who could you let a little closer?"),
        ),
        Band(
            "high",
            pgettext_lazy("support", "High"),
            high,
            5,
            lower_included=False,
            advice=_("You feel well supported. That is a real strength in recovery."),
        ),
    )


DIRECTION = _("Higher means more support felt (mean of the answers, 1 to 7).")

DEFINITION = Definition(
    code="mspss",
    name=_("Multidimensional Scale of Perceived Social Support (MSPSS)"),
    short_name="MSPSS",
    about=_(
        "Twelve statements about how much support you feel from a special person, your "
        "family and your friends."
    ),
    instructions=(
        "We are interested in how you feel about the following statements. Read each statement "
        "carefully. Indicate how you feel about each statement."
    ),
    items=tuple(Item(str(n), text, AGREE) for n, text in enumerate(TEXTS, start=1)),
    scales=(
        Scale(
            "total",
            _("Total support"),
            tuple(str(n) for n in range(1, 13)),
            "mean",
            bands(
                _("Low perceived support overall."),
                _("Moderate perceived support overall."),
                _("High perceived support overall."),
            ),
            DIRECTION,
        ),
        Scale(
            "significant_other",
            _("A special person"),
            ("1", "2", "5", "10"),
            "mean",
            bands(
                _("Low perceived support from a special person."),
                _("Moderate perceived support from a special person."),
                _("High perceived support from a special person."),
            ),
            DIRECTION,
        ),
        Scale(
            "family",
            _("Family"),
            ("3", "4", "8", "11"),
            "mean",
            bands(
                _("Low perceived support from family."),
                _("Moderate perceived support from family."),
                _("High perceived support from family."),
            ),
            DIRECTION,
        ),
        Scale(
            "friends",
            _("Friends"),
            ("6", "7", "9", "12"),
            "mean",
            bands(
                _("Low perceived support from friends."),
                _("Moderate perceived support from friends."),
                _("High perceived support from friends."),
            ),
            DIRECTION,
        ),
    ),
    citation=(
        "Zimet GD, Dahlem NW, Zimet SG, Farley GK. The Multidimensional Scale of Perceived "
        "Social Support. J Pers Assess. 1988;52(1):30–41."
    ),
    scoring_source="Zimet et al. 1988 (subscale and total means); bands 1–2.9, 3–5, 5.1–7 "
    "from the author's scoring information.",
    licence="Free to use for clinical and research purposes, as stated by the author.",
    default_every_days=30,
    default_enabled=True,
    minutes=3,
    order=20,
    notes=(
        "Band edges: low below 3, moderate from 3 to 5 inclusive, high above 5; means are "
        "compared exactly, so 2.95 is low and 5.08 is high.",
        "The bands are applied to the three subscales as well as to the total.",
    ),
)
