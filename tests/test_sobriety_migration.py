"""One lapse plan: a lapse plan written in the sobriety settings moves into the plan's lapse
plan section when the settings field goes away, so nothing written is lost."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from plans.content import PlanContent
from plans.models import PlanVersion
from plans.services import content_of, save_plan
from tests.conftest import make_user

move = importlib.import_module("sobriety.migrations.0002_lapse_plan_into_plan")
BEFORE = [("sobriety", "0001_initial")]


def test_it_turns_lines_into_steps() -> None:
    text = "1. Call Sam\n\n- Go to the 7pm meeting  \r\n2) Be kind to myself\n* " + "x " * 200
    steps = move.steps_of(text)
    assert steps[:3] == ["Call Sam", "Go to the 7pm meeting", "Be kind to myself"]
    assert all(len(s) <= 300 for s in steps) and len(steps) == 5
    assert "".join(steps[3:]).replace(" ", "") == "x" * 200


def test_it_fits_many_lines_into_twenty_steps() -> None:
    steps = [f"step {n}" for n in range(40)]
    fitted = move.fit(steps)
    assert len(fitted) <= 20
    assert "; ".join(fitted) == "; ".join(steps)
    assert move.fit(steps[:3]) == steps[:3]


@pytest.mark.django_db(transaction=True)
def test_it_moves_the_settings_lapse_plan_into_the_plan() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    settings_model = old.get_model("sobriety", "SobrietySettings")
    alice = make_user("alice@example.org", "Alice Anders")
    ben = make_user("ben@example.org", "Ben")
    cleo = make_user("cleo@example.org", "Cleo")
    save_plan(ben, ben, {"lapse_plan": ["Call Sam"], "reasons": ["My kids"]})
    save_plan(cleo, cleo, {"lapse_plan": ["Call my sponsor"]})
    settings_model.objects.create(client_id=alice.pk, lapse_plan="Call Sam.\nGo to a meeting.")
    settings_model.objects.create(
        client_id=ben.pk, announce_milestones=True, lapse_plan="call sam\nWalk"
    )
    settings_model.objects.create(client_id=cleo.pk, lapse_plan="Call my sponsor")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert content_of(alice).lapse_plan == ["Call Sam.", "Go to a meeting."]
    (first,) = PlanVersion.objects.filter(plan__client=alice)
    assert (first.number, first.author_id, first.changed_sections) == (1, alice.pk, ["lapse_plan"])
    assert first.content == PlanContent(lapse_plan=["Call Sam.", "Go to a meeting."]).model_dump(
        mode="json"
    )
    # Added after the plan's own steps, without repeating one it already has.
    assert content_of(ben).lapse_plan == ["Call Sam", "Walk"]
    assert content_of(ben).reasons == ["My kids"]
    newest = PlanVersion.objects.filter(plan__client=ben).first()
    assert newest is not None
    assert newest.number == 2
    # Nothing new to add: no new version.
    assert PlanVersion.objects.filter(plan__client=cleo).count() == 1
