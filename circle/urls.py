from django.urls import path

from circle import views

app_name = "circle"

urlpatterns = [
    path("circle/invite/", views.invite, name="invite"),
    path(
        "circle/invitations/<id:invitation_id>/cancel/",
        views.cancel_invitation,
        name="cancel_invitation",
    ),
    path("circle/members/<id:membership_id>/", views.edit_member, name="edit_member"),
    path("circle/members/<id:membership_id>/pause/", views.pause_member, name="pause_member"),
    path("circle/members/<id:membership_id>/remove/", views.remove_member, name="remove_member"),
    path("circle/leave/<id:membership_id>/", views.leave, name="leave"),
    path("invite/<str:token>/", views.invitation, name="invitation"),
    path("supporting/<id:client_id>/", views.supporting, name="supporting"),
]
