"""BAM, the Brief Addiction Monitor (17 items, categorical version).

Source: Cacciola JS, Alterman AI, DePhilippis D, Drapkin ML, Valadez C Jr, Fala NC, Oslin D,
McKay JR. Development and initial evaluation of the Brief Addiction Monitor (BAM). J Subst
Abuse Treat. 2013;44(3):256–263. doi:10.1016/j.jsat.2012.07.013
Scoring: DePhilippis D, Goodman J, Beamer K, Bloedorn S. Brief Addiction Monitor (BAM): Manual
for Use in SUD Group Treatment. Philadelphia VAMC Center of Excellence in Substance Abuse
Treatment and Education (CESATE), 2014 — following the VA BAM scoring.

Scoring as in the manual: every scored answer is 0–4 (day counts 0, 1–3, 4–8, 9–15, 16–30
days → 0–4; Excellent…Poor → 0–4; Not at all…Extremely → 0–4; item 14 No → 0, Yes → 4).
- Use = items 4 + 5 + 6 (0–12); 7A–7G only detail item 6 and are not scored.
- Risk factors = items 1 + 2 + 3 + 8 + 11 + 15 (0–24).
- Protective factors = items 9 + 10 + 12 + 13 + 14 + 16 (0–24).
- Item 17 (satisfaction with progress) is not part of any score.
There is no total. The manual flags for clinical attention: any use (Use ≥ 1), Risk ≥ 12 and
Protective ≤ 12. The option values below already carry the manual's direction (a protective
item scores 4 when most protective), so no item is reverse-scored.
The BAM was developed in the US Department of Veterans Affairs and is free to use.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from measures.definitions import Band, Definition, Item, Option, Scale

# The items, answers and instructions stay in English in every language: no validated Spanish
# version is offered (docs/measures.md). The words this software adds are translated.

HEALTH = (
    Option(0, "Excellent"),
    Option(1, "Very good"),
    Option(2, "Good"),
    Option(3, "Fair"),
    Option(4, "Poor"),
)
DAYS = (
    Option(0, "0 days"),
    Option(1, "1–3 days"),
    Option(2, "4–8 days"),
    Option(3, "9–15 days"),
    Option(4, "16–30 days"),
)
NIGHTS = tuple(Option(o.value, str(o.label).replace("days", "nights")) for o in DAYS)
HOW_MUCH = (
    Option(0, "Not at all"),
    Option(1, "Slightly"),
    Option(2, "Moderately"),
    Option(3, "Considerably"),
    Option(4, "Extremely"),
)
YES_NO = (Option(0, "No"), Option(4, "Yes"))

PAST = "In the past 30 days, "
DRUGS = PAST + "how many days did you use any of the following drugs:"

ITEMS = (
    Item("1", PAST + "would you say your physical health has been:", HEALTH),
    Item(
        "2", PAST + "how many nights did you have trouble falling asleep or staying asleep?", NIGHTS
    ),
    Item(
        "3",
        PAST + "how many days have you felt depressed, anxious, angry or very upset "
        "throughout most of the day?",
        DAYS,
    ),
    Item("4", PAST + "how many days did you drink ANY alcohol?", DAYS),
    Item(
        "5",
        PAST + "how many days did you have at least 5 drinks (if you are a man) or at "
        "least 4 drinks (if you are a woman)? One drink is considered one shot of hard liquor "
        "(1.5 oz.) or 12-ounce can/bottle of beer or 5 ounce glass of wine.",
        DAYS,
    ),
    Item(
        "6",
        PAST + "how many days did you use any illegal/street drugs or abuse any "
        "prescription medications?",
        DAYS,
    ),
    Item("7a", "Marijuana (cannabis, pot, weed)", DAYS, group=DRUGS),
    Item(
        "7b",
        "Sedatives/Tranquilizers (e.g., “benzos”, Valium, Xanax, Ativan, Ambien, "
        "“barbs”, Phenobarbital, downers, etc.)",
        DAYS,
        group=DRUGS,
    ),
    Item("7c", "Cocaine/Crack", DAYS, group=DRUGS),
    Item(
        "7d",
        "Other Stimulants (e.g., amphetamine, methamphetamine, Dexedrine, Ritalin, "
        "Adderall, “speed”, “crystal meth”, “ice”, etc.)",
        DAYS,
        group=DRUGS,
    ),
    Item(
        "7e",
        "Opiates (e.g., Heroin, Morphine, Dilaudid, Demerol, Oxycontin, oxy, codeine "
        "(Tylenol 2,3,4), Percocet, Vicodin, Fentanyl, etc.)",
        DAYS,
        group=DRUGS,
    ),
    Item(
        "7f",
        "Inhalants (glues, adhesives, nail polish remover, paint thinner, etc.)",
        DAYS,
        group=DRUGS,
    ),
    Item(
        "7g",
        "Other drugs (steroids, non-prescription sleep/diet pills, Benadryl, Ephedra, "
        "other over-the-counter/unknown medications)",
        DAYS,
        group=DRUGS,
    ),
    Item(
        "8",
        PAST + "how much were you bothered by cravings or urges to drink alcohol or use drugs?",
        HOW_MUCH,
    ),
    Item(
        "9",
        "How confident are you in your ability to be completely abstinent (clean) from "
        "alcohol and drugs in the next 30 days?",
        HOW_MUCH,
    ),
    Item(
        "10",
        PAST + "how many days did you attend self-help meetings like AA or NA to "
        "support your recovery?",
        DAYS,
    ),
    Item(
        "11",
        PAST + "how many days were you in any situations or with any people that might "
        "put you at an increased risk for using alcohol or drugs (i.e., around risky “people, "
        "places or things”)?",
        DAYS,
    ),
    Item("12", "Does your religion or spirituality help support your recovery?", HOW_MUCH),
    Item(
        "13",
        PAST + "how many days did you spend much of the time at work, school, or doing "
        "volunteer work?",
        DAYS,
    ),
    Item(
        "14",
        "Do you have enough income (from legal sources) to pay for necessities such as "
        "housing, transportation, food and clothing for yourself and your dependents?",
        YES_NO,
    ),
    Item(
        "15",
        PAST + "how much have you been bothered by arguments or problems getting along "
        "with any family members or friends?",
        HOW_MUCH,
    ),
    Item(
        "16",
        PAST + "how many days were you in contact or spent time with any family members "
        "or friends who are supportive of your recovery?",
        DAYS,
    ),
    Item(
        "17",
        "How satisfied are you with your progress toward achieving your recovery goals?",
        HOW_MUCH,
    ),
)

DEFINITION = Definition(
    code="bam",
    name=_("Brief Addiction Monitor (BAM)"),
    short_name="BAM",
    about=_(
        "Seventeen questions about the past 30 days: alcohol and drug use, what puts your "
        "recovery at risk, and what protects it."
    ),
    instructions=(
        "This is a standard set of questions about several areas of your life such as your "
        "health, alcohol and drug use, etc. The questions generally ask about the past 30 days. "
        "Please consider each question and answer as accurately as possible."
    ),
    items=ITEMS,
    scales=(
        Scale(
            "use",
            pgettext_lazy("alcohol and drug", "Use"),
            ("4", "5", "6"),
            bands=(
                Band(
                    "none",
                    _("No use"),
                    _("No alcohol or drug use reported for the past 30 days."),
                    0,
                    advice=_("Whatever helped you, keep it close."),
                ),
                Band(
                    "some",
                    _("Some use"),
                    _("Some alcohol or drug use reported in the past 30 days."),
                    1,
                    attention=True,
                    advice=_(
                        "Thank you for answering honestly. A lapse is not the end of "
                        "recovery: your lapse plan, your circle and your clinician can help with "
                        "the next step."
                    ),
                ),
            ),
            direction=_("Higher means more use (0 to 12)."),
        ),
        Scale(
            "risk",
            _("Risk factors"),
            ("1", "2", "3", "8", "11", "15"),
            bands=(
                Band(
                    "lower",
                    _("Lower risk"),
                    _(
                        "Risk factors (health, sleep, mood, craving, risky "
                        "situations, conflict) are below the manual's flag of 12."
                    ),
                    0,
                    advice=_("Look at your highest answers: they show where to take care."),
                ),
                Band(
                    "higher",
                    _("Higher risk"),
                    _(
                        "Risk factors (health, sleep, mood, craving, risky "
                        "situations, conflict) are at or above the manual's flag of 12."
                    ),
                    12,
                    attention=True,
                    advice=_(
                        "Several things are hard right now. Your plan's coping strategies, "
                        "your circle and your clinician can help; talking about it is a strength."
                    ),
                ),
            ),
            direction=_("Higher means more risk (0 to 24)."),
        ),
        Scale(
            "protective",
            _("Protective factors"),
            ("9", "10", "12", "13", "14", "16"),
            bands=(
                Band(
                    "lower",
                    _("Lower protection"),
                    _(
                        "Protective factors (confidence, meetings, "
                        "spirituality, work or school, income, sober support) are at or below the "
                        "manual's flag of 12."
                    ),
                    0,
                    attention=True,
                    advice=_(
                        "One more protective habit can make a difference: a meeting, time "
                        "with a sober friend, a call to your sponsor."
                    ),
                ),
                Band(
                    "higher",
                    _("Higher protection"),
                    _(
                        "Protective factors (confidence, meetings, "
                        "spirituality, work or school, income, sober support) are above the "
                        "manual's flag of 12."
                    ),
                    12,
                    lower_included=False,
                    advice=_("These are working for you. Keep them going."),
                ),
            ),
            direction=_("Higher means more protection (0 to 24)."),
        ),
    ),
    citation=(
        "Cacciola JS, Alterman AI, DePhilippis D, Drapkin ML, Valadez C Jr, Fala NC, Oslin D, "
        "McKay JR. Development and initial evaluation of the Brief Addiction Monitor (BAM). "
        "J Subst Abuse Treat. 2013;44(3):256–263."
    ),
    scoring_source="BAM Manual for Use in SUD Group Treatment (DePhilippis et al., Philadelphia "
    "VAMC CESATE, 2014): Use 4+5+6; Risk 1+2+3+8+11+15; Protective 9+10+12+13+14+16; flags "
    "Use ≥ 1, Risk ≥ 12, Protective ≤ 12.",
    licence="Developed in the US Department of Veterans Affairs; free to use.",
    primary=None,
    default_every_days=7,
    default_enabled=True,
    minutes=5,
    order=10,
    notes=(
        "Day counts are asked as the manual's scoring ranges (0, 1–3, 4–8, 9–15, 16–30 days), "
        "so the stored answer is the manual's 0–4 score; the exact number of days is not kept.",
        "Items 7A–7G are asked (answer '0 days' when none) and shown, but not scored.",
        "Item 17 is asked and shown, but not scored.",
        "The published recall period of 30 days is kept even when the BAM is taken weekly; "
        "the weekly 7-day version (BAM-IOP) is a different form and is not included.",
        "Flags from the manual: Use 1 or more, Risk 12 or more, Protective 12 or less.",
    ),
)
