from django.urls import path

from groups import moderation_views as moderate
from groups import views

app_name = "groups"

urlpatterns = [
    path("groups/", views.group_list, name="list"),
    path("groups/new/", views.new_group, name="new"),
    path("groups/invite/<str:invite_code>/", views.join_by_invite, name="join_by_invite"),
    path("groups/<id:group_id>/", views.group, name="group"),
    path("groups/<id:group_id>/join/", views.join, name="join"),
    path("groups/<id:group_id>/post/", views.new_post, name="new_post"),
    path("groups/<id:group_id>/milestone/", views.share_milestone, name="milestone"),
    path("groups/<id:group_id>/leave/", views.leave, name="leave"),
    path("groups/posts/<id:post_id>/", views.post_page, name="post"),
    path("groups/posts/<id:post_id>/reply/", views.reply, name="reply"),
    path("groups/posts/<id:post_id>/react/", views.react, name="react"),
    path("groups/posts/<id:post_id>/report/", views.report_post, name="report"),
    path("groups/<id:group_id>/moderate/", moderate.queue, name="moderate"),
    path("groups/<id:group_id>/moderate/log/", moderate.log, name="log"),
    path("groups/<id:group_id>/moderate/invite/", moderate.invite, name="invite"),
    path("groups/moderate/posts/<id:post_id>/", moderate.post_action, name="post_action"),
    path("groups/moderate/members/<id:member_id>/", moderate.member_action, name="member_action"),
    path("groups/moderate/members/<id:member_id>/reveal/", moderate.reveal, name="reveal"),
]
