"""BARC-10, the Brief Assessment of Recovery Capital.

Source: Vilsaint CL, Kelly JF, Bergman BG, Groshkova T, Best D, White W. Development and
validation of a Brief Assessment of Recovery Capital (BARC-10) for alcohol and drug use
disorder. Drug Alcohol Depend. 2017;177:71–76. doi:10.1016/j.drugalcdep.2017.03.022

Scoring as published: ten statements, each rated on a six-point agreement scale from 1
("Strongly disagree") to 6 ("Strongly agree"), none reverse-scored; the total is their sum,
10–60. The paper's ROC analysis gives a cut-off of 47: scores of 47 and above went with
sustained remission (more than 12 months). A score of exactly 47 is therefore at the cut-off.
The end labels are the published ones; the four middle labels used here ("Disagree",
"Somewhat disagree", "Somewhat agree", "Agree") are this software's wording of that six-point
scale.
"""

from django.utils.translation import gettext_lazy as _

from measures.definitions import Band, Definition, Item, Option, Scale

# The statements, answers and instructions stay in English in every language: no validated
# Spanish version is offered (docs/measures.md). The words this software adds are translated.

AGREE = (
    Option(1, "Strongly disagree"),
    Option(2, "Disagree"),
    Option(3, "Somewhat disagree"),
    Option(4, "Somewhat agree"),
    Option(5, "Agree"),
    Option(6, "Strongly agree"),
)

TEXTS = (
    "There are more important things to me in life than using substances.",
    "In general I am happy with my life.",
    "I have enough energy to complete the tasks I set myself.",
    "I am proud of the community I live in and feel part of it.",
    "I get lots of support from friends.",
    "I regard my life as challenging and fulfilling without the need for using drugs or alcohol.",
    "My living space has helped to drive my recovery journey.",
    "I take full responsibility for my actions.",
    "I am happy dealing with a range of professional people.",
    "I am making good progress on my recovery journey.",
)

DEFINITION = Definition(
    code="barc10",
    name=_("Brief Assessment of Recovery Capital (BARC-10)"),
    short_name="BARC-10",
    about=_(
        "Ten statements about the strengths and resources that support your recovery: "
        "health, home, people, purpose."
    ),
    instructions="How much do you agree with each statement?",
    items=tuple(Item(str(n), text, AGREE) for n, text in enumerate(TEXTS, start=1)),
    scales=(
        Scale(
            "total",
            _("Recovery capital"),
            tuple(str(n) for n in range(1, 11)),
            bands=(
                Band(
                    "below_cutoff",
                    _("Below 47"),
                    _(
                        "Recovery capital below the cut-off of 47 that went with lasting "
                        "remission in the BARC-10 study."
                    ),
                    10,
                    advice=_(
                        "Look at the statements you agreed with least: each is an area where "
                        "a little more support (housing, people, health, purpose) can help. Your "
                        "circle and your clinician can help you choose one."
                    ),
                ),
                Band(
                    "at_or_above_cutoff",
                    _("47 or more"),
                    _(
                        "Recovery capital at or above the cut-off of 47 that went with lasting "
                        "remission in the BARC-10 study."
                    ),
                    47,
                    advice=_("You have many resources working for your recovery. Keep them close."),
                ),
            ),
            direction=_("Higher means more recovery capital (10 to 60)."),
        ),
    ),
    citation=(
        "Vilsaint CL, Kelly JF, Bergman BG, Groshkova T, Best D, White W. Development and "
        "validation of a Brief Assessment of Recovery Capital (BARC-10) for alcohol and drug "
        "use disorder. Drug Alcohol Depend. 2017;177:71–76."
    ),
    scoring_source="Vilsaint et al. 2017: sum of items 1–10 (10–60); cut-off 47 or more.",
    licence="Freely available; no permission required for use.",
    default_every_days=30,
    minutes=3,
    order=30,
    notes=(
        "47 counts as at the cut-off (47 or more).",
        "Middle answer labels are this software's wording of the published six-point scale.",
    ),
)
