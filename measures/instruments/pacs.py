"""PACS, the Penn Alcohol Craving Scale.

Source: Flannery BA, Volpicelli JR, Pettinati HM. Psychometric properties of the Penn Alcohol
Craving Scale. Alcohol Clin Exp Res. 1999;23(8):1289–1295.
doi:10.1111/j.1530-0277.1999.tb04349.x

Scoring as published: five items about the past week (frequency, intensity and duration of
craving, ability to resist drinking, overall craving), each 0–6; the total is their sum, 0–30.
The publication gives no severity bands, so none are shown: the score is read against the
person's own earlier scores. (Later studies proposed cut-offs of more than 20, or 15 and more,
for clinically significant craving; they are not part of the published scoring and are not
used here.) The printed instruction "circle the number" reads "choose" on a screen.
"""

from django.utils.translation import gettext_lazy as _

from measures.definitions import Definition, Item, Option, Scale

# The items, answers and instructions stay in English in every language: no validated Spanish
# version is offered (docs/measures.md). The words this software adds are translated.

ITEMS = (
    Item(
        "1",
        "During the past week how often have you thought about drinking or about how good a "
        "drink would make you feel?",
        (
            Option(0, "Never (0 times during the past week)"),
            Option(1, "Rarely (1 to 2 times during the past week)"),
            Option(2, "Occasionally (3 to 4 times during the past week)"),
            Option(3, "Sometimes (5 to 10 times during the past week or 1 to 2 times per day)"),
            Option(4, "Often (11 to 20 times during the past week or 2 to 3 times per day)"),
            Option(
                5, "Most of the time (20 to 40 times during the past week or 3 to 6 times per day)"
            ),
            Option(
                6,
                "Nearly all the time (more than 40 times during the past week or more "
                "than 6 times per day)",
            ),
        ),
    ),
    Item(
        "2",
        "At its most severe point, how strong was your craving during the past week?",
        (
            Option(0, "None at all"),
            Option(1, "Slight, that is, a very mild urge"),
            Option(2, "Mild urge"),
            Option(3, "Moderate urge"),
            Option(4, "Strong urge, but easily controlled"),
            Option(5, "Strong urge and difficult to control"),
            Option(6, "Strong urge and would have drunk alcohol if it were available"),
        ),
    ),
    Item(
        "3",
        "During the past week how much time have you spent thinking about drinking or about how "
        "good a drink would make you feel?",
        (
            Option(0, "None at all"),
            Option(1, "Less than 20 minutes"),
            Option(2, "21 to 45 minutes"),
            Option(3, "46 to 90 minutes"),
            Option(4, "90 minutes to 3 hours"),
            Option(5, "Between 3 to 6 hours"),
            Option(6, "More than 6 hours"),
        ),
    ),
    Item(
        "4",
        "During the past week how difficult would it have been to resist taking a drink if you "
        "had known a bottle was in your house?",
        (
            Option(0, "Not difficult at all"),
            Option(1, "Very mildly difficult"),
            Option(2, "Mildly difficult"),
            Option(3, "Moderately difficult"),
            Option(4, "Very difficult"),
            Option(5, "Extremely difficult"),
            Option(6, "Would not be able to resist"),
        ),
    ),
    Item(
        "5",
        "Keeping in mind your responses to the previous questions, please rate your overall "
        "average alcohol craving for the past week.",
        (
            Option(0, "Never thought about drinking and never had the urge to drink"),
            Option(1, "Rarely thought about drinking and rarely had the urge to drink"),
            Option(2, "Occasionally thought about drinking and occasionally had the urge to drink"),
            Option(3, "Sometimes thought about drinking and sometimes had the urge to drink"),
            Option(4, "Often thought about drinking and often had the urge to drink"),
            Option(
                5,
                "Thought about drinking most of the time and had the urge to drink most "
                "of the time",
            ),
            Option(
                6,
                "Thought about drinking nearly all of the time and nearly always had the "
                "urge to drink",
            ),
        ),
    ),
)

DEFINITION = Definition(
    code="pacs",
    name=_("Penn Alcohol Craving Scale (PACS)"),
    short_name="PACS",
    about=_("Five questions about craving for alcohol during the past week."),
    instructions=(
        "Please read each item carefully and choose the answer that best describes your "
        "craving during the past week."
    ),
    items=ITEMS,
    scales=(
        Scale(
            "total",
            _("Alcohol craving"),
            ("1", "2", "3", "4", "5"),
            direction=_(
                "Higher means more craving (0 to 30). There are no published bands: "
                "what matters is how your score moves over time."
            ),
        ),
    ),
    citation=(
        "Flannery BA, Volpicelli JR, Pettinati HM. Psychometric properties of the Penn Alcohol "
        "Craving Scale. Alcohol Clin Exp Res. 1999;23(8):1289–1295."
    ),
    scoring_source="Flannery et al. 1999: sum of items 1–5 (0–30); no bands published.",
    licence="Freely available; no permission required for use.",
    default_every_days=7,
    minutes=2,
    order=40,
    notes=(
        "No bands: the publication has none, and later proposed cut-offs are not used.",
        "'Circle the number' in the printed instruction reads 'choose' on a screen.",
    ),
)
