from django.http import HttpRequest


def unread_messages(request: HttpRequest) -> dict[str, object]:
    """The number of unread messages, for the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from conversations.services import unread_total

    return {"unread_messages": unread_total(user)}
