"""Input no view should ever see: bodies over the size limit, and text that cannot be stored.

One middleware for every request (pages and API, both middleware stacks), so no form, schema or
field can forget it:

- A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE (or with more than DATA_UPLOAD_MAX_NUMBER_FIELDS
  fields) is answered 413, in JSON for the API and with a page for the web, instead of the
  error Django raises deep inside whichever code reads the body first.
- Text with a NUL character, or (in JSON) an unpaired UTF-16 surrogate, is answered 422. No
  database stores either as text: PostgreSQL refuses NUL and the driver cannot encode a lone
  surrogate, so without this the same input saved on SQLite and failed with a 500 on
  PostgreSQL. It is refused before any view runs, so nothing is half saved.

Form and multipart fields are decoded by Django with invalid bytes replaced, so only NUL can
arrive there; file contents are not text and are not checked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# A JSON string can carry NUL or a surrogate only as a \u escape; a body without one is let
# through without a second parse (the check-in, the busiest call, never has one).
ESCAPE_TO_CHECK = re.compile(rb"\\u(?:0000|[dD][89abcdefABCDEF])")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def unstorable_in_json(value: Any, loc: list[str | int]) -> list[str | int] | None:
    """Where in a decoded JSON value a key or string holds an unstorable character."""
    if isinstance(value, str):
        return loc if UNSTORABLE.search(value) else None
    if isinstance(value, list):
        for index, item in enumerate(value):
            if (found := unstorable_in_json(item, [*loc, index])) is not None:
                return found
    if isinstance(value, dict):
        for key, item in value.items():
            if UNSTORABLE.search(key):
                return [*loc, "(a key)"]
            if (found := unstorable_in_json(item, [*loc, key])) is not None:
                return found
    return None


def unstorable_in_query(request: HttpRequest) -> list[str | int] | None:
    if "%00" not in request.META.get("QUERY_STRING", ""):
        return None
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return ["query", key.replace("\x00", "")]
    return None


def unstorable_in_body(request: HttpRequest) -> list[str | int] | None:
    if request.method not in BODY_METHODS:
        return None
    if request.content_type in FORM_TYPES:
        if request.method != "POST":
            return None  # Django parses form bodies of POST only; others reach no form
        for key, values in request.POST.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return ["form", key.replace("\x00", "")]
        return None
    body = request.body
    if not ESCAPE_TO_CHECK.search(body):
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None  # not JSON: the view says so in its own words
    return unstorable_in_json(data, ["body"])


def unstorable_response(request: HttpRequest, loc: list[str | int]) -> HttpResponse:
    message = _(
        "The text contains a character that cannot be stored (a NUL character or an unpaired "
        "surrogate, invisible characters some programs add). Nothing was saved: remove it and "
        "send it again."
    )
    if is_api(request):
        where = ".".join(str(part) for part in loc[1:])
        return JsonResponse(
            {
                "message": f"{where}: {message}" if where else message,
                "errors": [{"loc": loc, "msg": message}],
            },
            status=422,
        )
    return render(request, "422.html", {"message": message}, status=422)


def too_large_response(request: HttpRequest) -> HttpResponse:
    message = _(
        "What you sent is too large for us to accept, so nothing was saved. Send less at "
        "once (shorter text, fewer items or a smaller file)."
    )
    if is_api(request):
        return JsonResponse({"message": message}, status=413)
    return render(request, "413.html", {"message": message}, status=413)


class RequestGuardMiddleware:
    """Answers an oversized body with 413 and unstorable text with 422 before any view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            loc = unstorable_in_query(request) or unstorable_in_body(request)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
            return too_large_response(request)
        if loc is not None:
            return unstorable_response(request, loc)
        return self.get_response(request)
