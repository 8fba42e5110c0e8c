from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    context: dict[str, object] = {"SITE_URL": settings.SITE_URL}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from alerts.services import inbox

        context["unread_count"] = inbox(user).filter(read_at=None).count()
    return context
