"""The lapse plan has one home: the lapse_plan section of the relapse prevention plan.

A lapse plan written in the sobriety settings (free text) is moved there before the field is
removed (next migration), so nothing written is lost: each line becomes a step, added after the
plan's own steps unless the plan already has it, as a new plan version by the client.
"""

import textwrap

from django.db import migrations
from django.utils import timezone

MAX_STEPS = 20  # plans.content.PlanContent.lapse_plan
MAX_STEP = 300  # plans.content.Text
BULLETS = "-*•·–"


def steps_of(text):
    steps = []
    for line in text.replace("\r", "\n").split("\n"):
        line = " ".join(line.split()).lstrip(BULLETS).strip()
        head, _, rest = line.partition(" ")
        if rest and head.rstrip(".)").isdigit() and head[-1] in ".)":
            line = rest.strip()  # "1. Call Sam" or "2) Go to a meeting"
        if line:
            steps += textwrap.wrap(line, MAX_STEP)
    return steps


def fit(steps):
    """At most MAX_STEPS steps of at most MAX_STEP characters: neighbours are joined when
    there are too many, and only a plan too long to fit even then is cut."""
    if len(steps) <= MAX_STEPS:
        return steps
    packed = []
    for step in steps:
        if packed and len(packed[-1]) + 2 + len(step) <= MAX_STEP:
            packed[-1] = f"{packed[-1]}; {step}"
        else:
            packed.append(step)
    if len(packed) > MAX_STEPS:
        rest = "; ".join(packed[MAX_STEPS - 1 :])
        packed = [*packed[: MAX_STEPS - 1], textwrap.shorten(rest, MAX_STEP, placeholder=" …")]
    return packed


def full_content(content):
    """The content with every section, as the plans app stores it."""
    from plans.content import PlanContent

    try:
        return PlanContent.model_validate(content).model_dump(mode="json")
    except ValueError:
        return content


def move_lapse_plans(apps, schema_editor):
    SobrietySettings = apps.get_model("sobriety", "SobrietySettings")
    Plan = apps.get_model("plans", "Plan")
    PlanVersion = apps.get_model("plans", "PlanVersion")
    for settings in SobrietySettings.objects.exclude(lapse_plan="").select_related("client"):
        written = steps_of(settings.lapse_plan)
        if not written:
            continue
        client = settings.client
        plan, _ = Plan.objects.get_or_create(client=client)
        previous = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
        before = full_content(previous.content if previous else {})
        have = list(before.get("lapse_plan") or [])
        known = {step.casefold() for step in have}
        new = [step for step in written if step.casefold() not in known]
        if not new:
            continue
        after = full_content({**before, "lapse_plan": fit(have + new)})
        PlanVersion.objects.create(
            plan=plan,
            number=(previous.number + 1) if previous else 1,
            content=after,
            author=client,
            author_name=(client.display_name or client.email)[:80],
            note="Lapse plan moved here from the sobriety settings",
            changed_sections=["lapse_plan"],
            created_at=timezone.now(),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("sobriety", "0001_initial"),
        ("plans", "0001_initial"),
    ]

    operations = [migrations.RunPython(move_lapse_plans, migrations.RunPython.noop)]
