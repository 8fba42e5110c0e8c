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

from measures.definitions import Band, CrisisRule, Definition, Item, Option, Scale

OFTEN = (
    Option(0, "Not at all"),
    Option(1, "Several days"),
    Option(2, "More than half the days"),
    Option(3, "Nearly every day"),
)

TEXTS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)

TALK = (
    "Please talk about this with your doctor, therapist or counsellor. Depression is common "
    "in recovery, it is treatable, and treating it protects your recovery too."
)

DEFINITION = Definition(
    code="phq9",
    name="Patient Health Questionnaire (PHQ-9)",
    short_name="PHQ-9",
    about="Nine questions about symptoms of depression over the last two weeks.",
    instructions=(
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    ),
    items=tuple(Item(str(n), text, OFTEN) for n, text in enumerate(TEXTS, start=1)),
    scales=(
        Scale(
            "total",
            "Depression symptoms",
            tuple(str(n) for n in range(1, 10)),
            bands=(
                Band(
                    "minimal",
                    "Minimal",
                    "Few or no symptoms of depression in the last two weeks.",
                    0,
                    advice="Keep doing what helps you.",
                ),
                Band(
                    "mild",
                    "Mild",
                    "Mild symptoms of depression in the last two weeks.",
                    5,
                    advice="Worth keeping an eye on: taking it again in two weeks shows whether "
                    "it changes. Sleep, movement and people you trust all help.",
                ),
                Band(
                    "moderate",
                    "Moderate",
                    "Moderate symptoms of depression in the last two weeks.",
                    10,
                    advice=TALK,
                    attention=True,
                ),
                Band(
                    "moderately_severe",
                    "Moderately severe",
                    "Moderately severe symptoms of depression in the last two weeks.",
                    15,
                    advice=TALK + " If you can, make that appointment this week.",
                    attention=True,
                ),
                Band(
                    "severe",
                    "Severe",
                    "Severe symptoms of depression in the last two weeks.",
                    20,
                    advice=TALK + " Please reach out soon, this week if you can; you do not "
                    "have to carry this alone.",
                    attention=True,
                ),
            ),
            direction="Higher scores mean more symptoms of depression (0 to 27).",
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
    default_every_days=14,
    minutes=2,
    order=50,
    notes=(
        "The unscored tenth question of the printed form (difficulty) is not asked.",
        "Any answer above 'Not at all' on item 9 shows crisis resources at once and is passed "
        "to the plan's escalation; the score itself is unchanged.",
    ),
)
