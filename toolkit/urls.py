from django.urls import path

from toolkit import craving_views, views

app_name = "toolkit"

urlpatterns = [
    path("craving/", craving_views.start, name="craving"),
    path("craving/<id:session_id>/", craving_views.session, name="craving_session"),
    path("craving/<id:session_id>/finish/", craving_views.finish, name="craving_finish"),
    path(
        "craving/<id:session_id>/message/<id:membership_id>/",
        craving_views.message,
        name="craving_message",
    ),
    path("toolkit/", views.strategies, name="strategies"),
    path("toolkit/<id:strategy_id>/", views.strategy, name="strategy"),
    path("toolkit/<id:strategy_id>/withdraw/", views.withdraw, name="withdraw"),
    path("supporting/<id:client_id>/share-strategy/", views.share, name="share"),
    path("guidance/", views.lessons, name="guidance"),
    path("guidance/<slug:slug>/", views.lesson, name="lesson"),
]
