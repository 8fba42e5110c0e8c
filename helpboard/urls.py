from django.urls import path, register_converter

from helpboard import views


class OccurrenceConverter:
    """An occurrence of a need, named by its start in UTC: 20260310T220000Z."""

    regex = "[0-9]{8}T[0-9]{6}Z"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(OccurrenceConverter, "occurrence")

app_name = "helpboard"

ONE = "help/<id:need_id>/<occurrence:occurrence>"

urlpatterns = [
    path("help/", views.board, name="board"),
    path("help/new/", views.new_need, name="new"),
    path("help/history/", views.history, name="history"),
    path("help/<id:need_id>/", views.need_detail, name="need"),
    path("help/<id:need_id>/cancel/", views.cancel_need, name="cancel"),
    path(f"{ONE}/claim/", views.claim, name="claim"),
    path(f"{ONE}/unclaim/", views.unclaim, name="unclaim"),
    path(f"{ONE}/done/", views.done, name="done"),
    path(f"{ONE}/thank/", views.thank, name="thank"),
    path("supporting/<id:client_id>/help/", views.client_board, name="client_board"),
    path("supporting/<id:client_id>/help/new/", views.new_need_for, name="new_for"),
]
