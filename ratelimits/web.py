"""How a page answers an action refused by a rate limit: the form again with the reason as its
error, status 429 and a Retry-After header."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ratelimits.services import RateLimited


def with_retry_after(response: HttpResponse, limited: RateLimited) -> HttpResponse:
    response["Retry-After"] = str(limited.retry_after)
    return response


def refused_form(
    request: HttpRequest,
    template: str,
    form: forms.BaseForm,
    limited: RateLimited,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    form.add_error(None, limited.message)
    page = render(request, template, {"form": form, **(context or {})}, status=429)
    return with_retry_after(page, limited)
