from django.urls import path

from conversations import views

app_name = "conversations"

urlpatterns = [
    path("messages/", views.threads, name="threads"),
    path("messages/circle/", views.circle_members, name="circle_members"),
    path("messages/<id:thread_id>/", views.thread, name="thread"),
    path("messages/<id:thread_id>/poll/", views.poll, name="poll"),
    path("messages/<id:thread_id>/send/", views.send, name="send"),
    path("messages/m/<id:message_id>/edit/", views.edit_message, name="edit"),
    path("messages/m/<id:message_id>/delete/", views.delete_message, name="delete"),
]
