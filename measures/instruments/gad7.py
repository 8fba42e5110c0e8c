"""GAD-7, the Generalized Anxiety Disorder scale.

Source: Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized
anxiety disorder: the GAD-7. Arch Intern Med. 2006;166(10):1092–1097.
doi:10.1001/archinte.166.10.1092

Scoring as published: seven items, each 0–3; the total is their sum, 0–21. Severity: 0–4
minimal, 5–9 mild, 10–14 moderate, 15–21 severe; 10 is the cut point the authors suggest for
further evaluation. Like the PHQ-9 it was developed with an educational grant from Pfizer Inc.
and may be reproduced without permission. The unscored difficulty question is not asked.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from measures.definitions import Band, Definition, Item, Option, Scale

# The items, options and instructions in Spanish are the published Spanish version for the
# USA from the PHQ Screeners (docs/measures.md); the context "GAD-7" keeps them apart.

OFTEN = (
    Option(0, pgettext_lazy("GAD-7", "Not at all")),
    Option(1, pgettext_lazy("GAD-7", "Several days")),
    Option(2, pgettext_lazy("GAD-7", "More than half the days")),
    Option(3, pgettext_lazy("GAD-7", "Nearly every day")),
)

TEXTS = (
    pgettext_lazy("GAD-7", "Feeling nervous, anxious, or on edge"),
    pgettext_lazy("GAD-7", "Not being able to stop or control worrying"),
    pgettext_lazy("GAD-7", "Worrying too much about different things"),
    pgettext_lazy("GAD-7", "Trouble relaxing"),
    pgettext_lazy("GAD-7", "Being so restless that it is hard to sit still"),
    pgettext_lazy("GAD-7", "Becoming easily annoyed or irritable"),
    pgettext_lazy("GAD-7", "Feeling afraid, as if something awful might happen"),
)


DEFINITION = Definition(
    code="gad7",
    name=pgettext_lazy("GAD-7", "Generalized Anxiety Disorder scale (GAD-7)"),
    short_name="GAD-7",
    about=_("Seven questions about anxiety over the last two weeks."),
    instructions=pgettext_lazy(
        "GAD-7",
        "Over the last 2 weeks, how often have you been bothered by the following problems?",
    ),
    items=tuple(Item(str(n), text, OFTEN) for n, text in enumerate(TEXTS, start=1)),
    scales=(
        Scale(
            "total",
            _("Anxiety symptoms"),
            tuple(str(n) for n in range(1, 8)),
            bands=(
                Band(
                    "minimal",
                    pgettext_lazy("anxiety", "Minimal"),
                    _("Few or no symptoms of anxiety in the last two weeks."),
                    0,
                    advice=_("Keep doing what helps you."),
                ),
                Band(
                    "mild",
                    pgettext_lazy("anxiety", "Mild"),
                    _("Mild symptoms of anxiety in the last two weeks."),
                    5,
                    advice=_(
                        "Worth keeping an eye on. Breathing exercises, movement and talking "
                        "to someone you trust can help."
                    ),
                ),
                Band(
                    "moderate",
                    pgettext_lazy("anxiety", "Moderate"),
                    _("Moderate symptoms of anxiety in the last two weeks."),
                    10,
                    advice=_(
                        "Please talk about this with your doctor, therapist or counsellor. "
                        "Anxiety often travels with cravings, and it is treatable."
                    ),
                    attention=True,
                ),
                Band(
                    "severe",
                    pgettext_lazy("anxiety", "Severe"),
                    _("Severe symptoms of anxiety in the last two weeks."),
                    15,
                    advice=_(
                        "Please talk about this with your doctor, therapist or counsellor. "
                        "Anxiety often travels with cravings, and it is treatable. If you can, "
                        "make that appointment this week."
                    ),
                    attention=True,
                ),
            ),
            direction=_("Higher scores mean more symptoms of anxiety (0 to 21)."),
        ),
    ),
    citation=(
        "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing "
        "generalized anxiety disorder: the GAD-7. Arch Intern Med. 2006;166(10):1092–1097."
    ),
    scoring_source="Spitzer et al. 2006: sum of items 1–7; bands 0–4, 5–9, 10–14, 15–21.",
    licence="Public domain: no permission required to reproduce, translate, display or "
    "distribute (Pfizer Inc.).",
    validated_languages=("es",),
    default_every_days=14,
    minutes=2,
    order=60,
    notes=("The unscored difficulty question of the printed form is not asked.",),
)
