"""The `id` path converter: an integer id with at most 18 digits. Longer ones cannot exist
(database keys stop at 2**63), so such a URL is a plain 404 instead of an integer the
database refuses. Registered in recoverycircle/urls.py; every app's URLs use <id:…>."""

from django.urls.converters import IntConverter


class IdConverter(IntConverter):
    regex = "[0-9]{1,18}"
