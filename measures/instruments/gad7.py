"""GAD-7, the Generalized Anxiety Disorder scale.

Source: Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized
anxiety disorder: the GAD-7. Arch Intern Med. 2006;166(10):1092–1097.
doi:10.1001/archinte.166.10.1092

Scoring as published: seven items, each 0–3; the total is their sum, 0–21. Severity: 0–4
minimal, 5–9 mild, 10–14 moderate, 15–21 severe; 10 is the cut point the authors suggest for
further evaluation. Like the PHQ-9 it was developed with an educational grant from Pfizer Inc.
and may be reproduced without permission. The unscored difficulty question is not asked.
"""

from measures.definitions import Band, Definition, Item, Option, Scale

OFTEN = (
    Option(0, "Not at all"),
    Option(1, "Several days"),
    Option(2, "More than half the days"),
    Option(3, "Nearly every day"),
)

TEXTS = (
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid, as if something awful might happen",
)

TALK = (
    "Please talk about this with your doctor, therapist or counsellor. Anxiety often travels "
    "with cravings, and it is treatable."
)

DEFINITION = Definition(
    code="gad7",
    name="Generalized Anxiety Disorder scale (GAD-7)",
    short_name="GAD-7",
    about="Seven questions about anxiety over the last two weeks.",
    instructions=(
        "Over the last 2 weeks, how often have you been bothered by the following problems?"
    ),
    items=tuple(Item(str(n), text, OFTEN) for n, text in enumerate(TEXTS, start=1)),
    scales=(
        Scale(
            "total",
            "Anxiety symptoms",
            tuple(str(n) for n in range(1, 8)),
            bands=(
                Band(
                    "minimal",
                    "Minimal",
                    "Few or no symptoms of anxiety in the last two weeks.",
                    0,
                    advice="Keep doing what helps you.",
                ),
                Band(
                    "mild",
                    "Mild",
                    "Mild symptoms of anxiety in the last two weeks.",
                    5,
                    advice="Worth keeping an eye on. Breathing exercises, movement and talking "
                    "to someone you trust can help.",
                ),
                Band(
                    "moderate",
                    "Moderate",
                    "Moderate symptoms of anxiety in the last two weeks.",
                    10,
                    advice=TALK,
                    attention=True,
                ),
                Band(
                    "severe",
                    "Severe",
                    "Severe symptoms of anxiety in the last two weeks.",
                    15,
                    advice=TALK + " If you can, make that appointment this week.",
                    attention=True,
                ),
            ),
            direction="Higher scores mean more symptoms of anxiety (0 to 21).",
        ),
    ),
    citation=(
        "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing "
        "generalized anxiety disorder: the GAD-7. Arch Intern Med. 2006;166(10):1092–1097."
    ),
    scoring_source="Spitzer et al. 2006: sum of items 1–7; bands 0–4, 5–9, 10–14, 15–21.",
    licence="Public domain: no permission required to reproduce, translate, display or "
    "distribute (Pfizer Inc.).",
    default_every_days=14,
    minutes=2,
    order=60,
    notes=("The unscored difficulty question of the printed form is not asked.",),
)
