"""PHQ-9, the depression module of the Patient Health Questionnaire.

Source: Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity
measure. J Gen Intern Med. 2001;16(9):606–613. doi:10.1046/j.1525-1497.2001.016009606.x

Scoring as published: nine items, each 0–3 ("Not at all" to "Nearly every day"); the total is
their sum, 0–27. Severity: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe,
20–27 severe (Kroenke et al. 2001, Table 2 and text). Item 9 asks about thoughts of death or
self-harm: any answer above "Not at all" shows crisis resources at once.

The tenth, unscored question of the printed form ("how difficult have these problems made
it…") is left out: it is not part of the score and every question here is required.
The PHQ-9 was developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and
colleagues with an educational grant from Pfizer Inc.; no permission is required to reproduce,
translate, display or distribute it.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from measures.definitions import Band, CrisisRule, Definition, Item, Option, Scale

# The items, options and instructions in Spanish are the published Spanish version for the USA
# from the PHQ Screeners (docs/measures.md); the context "PHQ-9" keeps them apart from other texts.

OFTEN = (
    Option(0, pgettext_lazy("PHQ-9", "Not at all")),
    Option(1, pgettext_lazy("PHQ-9", "Several days")),
    Option(2, pgettext_lazy("PHQ-9", "More than half the days")),
    Option(3, pgettext_lazy("PHQ-9", "Nearly every day")),
)

TEXTS = (
    pgettext_lazy(
        "PHQ-9",
        "Little interest or pleasure in doing things",
    ),
    pgettext_lazy(
        "PHQ-9",
        "Feeling down, depressed, or hopeless",
    ),
    pgettext_lazy(
        "PHQ-9",
        "Trouble falling or staying asleep, or sleeping too much",
    ),
    pgettext_lazy(
        "PHQ-9",
        "Feeling tired or having little energy",
    ),
    pgettext_lazy(
        "PHQ-9",
        "Poor appetite or overeating",
    ),
    pgettext_lazy(
        "PHQ-9",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down",
    ),
    pgettext_lazy(
        "PHQ-9",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
    ),
    pgettext_lazy(
        "PHQ-9",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety or restless that you have been moving around a lot more than usual",
    ),
    pgettext_lazy(
        "PHQ-9",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
)


DEFINITION = Definition(
    code="phq9",
    name=pgettext_lazy("PHQ-9", "Patient Health Questionnaire (PHQ-9)"),
    short_name="PHQ-9",
    about=_("Nine questions about symptoms of depression over the last two weeks."),
    instructions=pgettext_lazy(
        "PHQ-9",
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    ),
    items=tuple(Item(str(n), text, OFTEN) for n, text in enumerate(TEXTS, start=1)),
    scales=(
        Scale(
            "total",
            _("Depression symptoms"),
            tuple(str(n) for n in range(1, 10)),
            bands=(
                Band(
                    "minimal",
                    pgettext_lazy("depression", "Minimal"),
                    _("Few or no symptoms of depression in the last two weeks."),
                    0,
                    advice=_("Keep doing what helps you."),
                ),
                Band(
                    "mild",
                    pgettext_lazy("depression", "Mild"),
                    _("Mild symptoms of depression in the last two weeks."),
                    5,
                    advice=_(
                        "Worth keeping an eye on: taking it again in two weeks shows whether "
                        "it changes. Sleep, movement and people you trust all help."
                    ),
                ),
                Band(
                    "moderate",
                    pgettext_lazy("depression", "Moderate"),
                    _("Moderate symptoms of depression in the last two weeks."),
                    10,
                    advice=_(
                        "Please talk about this with your doctor, therapist or counsellor. "
                        "Depression is common in recovery, it is treatable, and treating it "
                        "protects your recovery too."
                    ),
                    attention=True,
                ),
                Band(
                    "moderately_severe",
                    pgettext_lazy("depression", "Moderately severe"),
                    _("Moderately severe symptoms of depression in the last two weeks."),
                    15,
                    advice=_(
                        "Please talk about this with your doctor, therapist or counsellor. "
                        "Depression is common in recovery, it is treatable, and treating it "
                        "protects your recovery too. If you can, make that appointment this week."
                    ),
                    attention=True,
                ),
                Band(
                    "severe",
                    pgettext_lazy("depression", "Severe"),
                    _("Severe symptoms of depression in the last two weeks."),
                    20,
                    advice=_(
                        "Please talk about this with your doctor, therapist or counsellor. "
                        "Depression is common in recovery, it is treatable, and treating it "
                        "protects your recovery too. Please reach out soon, this week if you "
                        "can; you do not have to carry this alone."
                    ),
                    attention=True,
                ),
            ),
            direction=_("Higher scores mean more symptoms of depression (0 to 27)."),
        ),
    ),
    citation=(
        "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression "
        "severity measure. J Gen Intern Med. 2001;16(9):606–613."
    ),
    scoring_source="Kroenke et al. 2001: sum of items 1–9; bands 0–4, 5–9, 10–14, 15–19, 20–27.",
    licence="Public domain: no permission required to reproduce, translate, display or "
    "distribute (Pfizer Inc.).",
    crisis=(CrisisRule("9", 1),),
    validated_languages=("es",),
    default_every_days=14,
    minutes=2,
    order=50,
    notes=(
        "The unscored tenth question of the printed form (difficulty) is not asked.",
        "Any answer above 'Not at all' on item 9 shows crisis resources at once and is passed "
        "to the plan's escalation; the score itself is unchanged.",
    ),
)
