"""The one error vocabulary (recoverycircle/errors.py): every app's refusal is a ServiceError,
answered by one API handler and shown on the web by one pair of helpers."""

from __future__ import annotations

import ast
import inspect
import json
from importlib import import_module

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from alerts.reachout import ReachOutError
from checkins.services import CheckInError
from circle.services import CircleError
from contacts.services import ContactError
from crisis.services import QuestionError
from events.services import EventError, EventForbidden
from helpboard.services import HelpError, invalid
from measures.schedules import ScheduleError
from measures.scoring import AnswerError
from meetings.importer import FeedError
from meetings.services import MeetingError
from plans.coauthoring import NotCoAuthor, ProposalClosed
from plans.services import PlanError, PlanInvalid
from ratelimits.services import RateLimited
from recoverycircle.api import on_service_error
from recoverycircle.apps import project_apps
from recoverycircle.errors import Forbidden, ServiceError, TooMany, form_error, form_page
from signals.services import SignalError
from sobriety.services import SobrietyError
from toolkit.services import ToolkitError

# Each app's refusal with the status the API has always answered it with.
STATUSES = [
    (CheckInError("x"), 400),
    (CircleError("x"), 400),
    (ContactError("x"), 400),
    (EventError("x"), 400),
    (EventForbidden("x"), 403),
    (HelpError("x"), 409),
    (invalid("x", "kind"), 422),
    (MeetingError("x"), 400),
    (FeedError("x"), 422),
    (PlanError("x"), 400),
    (PlanInvalid([("people.0", "x")]), 422),
    (NotCoAuthor("x"), 403),
    (ProposalClosed("x"), 409),
    (ReachOutError("x"), 409),
    (QuestionError("x"), 409),
    (SignalError("x"), 409),
    (ScheduleError("x"), 400),
    (AnswerError({"q1": "x"}, "x"), 422),
    (SobrietyError("x"), 400),
    (ToolkitError("x"), 400),
    (ToolkitError("x", status=409), 409),
    (RateLimited(30), 429),
]


def answer(error: ServiceError) -> tuple[int, dict[str, str], str | None]:
    response = on_service_error(RequestFactory().get("/api/v1/x"), error)
    return response.status_code, json.loads(response.content), response.get("Retry-After")


@pytest.mark.parametrize(("error", "status"), STATUSES)
def test_it_answers_every_apps_refusal_with_its_status_and_message(
    error: ServiceError, status: int
) -> None:
    assert isinstance(error, ServiceError)
    code, body, _ = answer(error)
    assert code == status
    assert body["message"].endswith(error.message)


def test_it_names_the_field_first_and_on_its_own() -> None:
    code, body, _ = answer(SobrietyError("The last day comes after the first.", "end_date"))
    assert code == 400
    assert body == {"message": "end_date: The last day comes after the first.", "field": "end_date"}


def test_it_tells_a_rate_limited_caller_when_to_try_again() -> None:
    code, body, retry_after = answer(RateLimited(125))
    assert code == 429 and retry_after == "125"
    assert body == {"message": "Too many attempts in a short time. Please try again in 3 minutes."}
    assert answer(TooMany("Slow down."))[2] is None  # no wait known, no header


class NoteForm(forms.Form):
    note = forms.CharField(required=False)


def test_it_puts_a_refusal_on_its_field_or_above_the_form() -> None:
    form = NoteForm({"note": "hi"})
    assert form.is_valid()
    form_error(form, ServiceError("Too long.", "note"))
    form_error(form, ServiceError("Not now.", "when"))  # the form has no such field
    form_error(form, ServiceError("Say it here.", "text"), {"text": "note"})
    assert form.errors == {"note": ["Too long.", "Say it here."], "__all__": ["Not now."]}


def test_it_shows_a_forbidden_action_on_the_form_or_as_django_403() -> None:
    form = NoteForm({"note": "hi"})
    assert form.is_valid()
    form_error(form, Forbidden("Only moderators can do this."))
    assert form.errors == {"__all__": ["Only moderators can do this."]}
    # Uncaught, it is Django's PermissionDenied: the 403 page.
    assert isinstance(Forbidden("x"), PermissionDenied)


def test_it_renders_a_refused_form_with_the_refusals_status(rf: RequestFactory) -> None:
    form = NoteForm({"note": "hi"})
    assert form.is_valid()
    request = rf.post("/circle/invite/")
    page = form_page(request, "circle/invite.html", form, RateLimited(60))
    assert page.status_code == 429 and page["Retry-After"] == "60"
    assert "Too many attempts" in page.content.decode()


def project_api_modules() -> list[str]:
    return [f"{app.name}.api" for app in project_apps() if app.has_api]


def test_it_leaves_refusals_to_the_one_handler_in_every_api_module() -> None:
    """No API module catches a ServiceError to answer it itself (the old per-app wrappers)."""
    modules = project_api_modules()
    assert len(modules) > 10
    caught = []
    for name in modules:
        module = import_module(name)
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                kind = eval(compile(ast.Expression(node.type), name, "eval"), vars(module))
                kinds = kind if isinstance(kind, tuple) else (kind,)
                if any(issubclass(k, ServiceError) for k in kinds):
                    caught.append(f"{name}:{node.lineno}")
    # measures.api answers a refused crisis answer with crisis resources besides the message.
    assert caught == [f"measures.api:{crisis_answer_line()}"]


def crisis_answer_line() -> int:
    source = inspect.getsource(import_module("measures.api"))
    return next(
        n + 1 for n, line in enumerate(source.splitlines()) if "except scoring.AnswerError" in line
    )
