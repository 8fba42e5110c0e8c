from django.urls import path

from plans import supporter_views as theirs
from plans import views

app_name = "plans"

urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("plan/edit/<slug:section>/", views.edit_section, name="edit"),
    path("plan/versions/", views.versions, name="versions"),
    path("plan/versions/<id:number>/", views.version, name="version"),
    path("plan/versions/<id:number>/restore/", views.restore, name="restore"),
    path("plan/diff/", views.diff, name="diff"),
    path("plan/print/", views.print_plan, name="print"),
    path("plan/plan.pdf", views.plan_pdf, name="pdf"),
    path("plan/wallet-card/", views.wallet_card, name="wallet"),
    path("plan/wallet-card.pdf", views.wallet_card_pdf, name="wallet_pdf"),
    path("plan/co-authors/", views.coauthors, name="coauthors"),
    path("plan/proposals/", views.proposals, name="proposals"),
    path("plan/proposals/<id:proposal_id>/", views.proposal, name="proposal"),
    path("plan/proposals/<id:proposal_id>/accept/", views.accept, name="accept"),
    path("plan/proposals/<id:proposal_id>/decline/", views.decline, name="decline"),
    path("supporting/<id:client_id>/plan/", theirs.plan, name="supporter_plan"),
    path(
        "supporting/<id:client_id>/plan/edit/<slug:section>/",
        theirs.edit_section,
        name="supporter_edit",
    ),
    path("supporting/<id:client_id>/plan/versions/", theirs.versions, name="supporter_versions"),
    path("supporting/<id:client_id>/plan/diff/", theirs.diff, name="supporter_diff"),
    path("supporting/<id:client_id>/plan/print/", theirs.print_plan, name="supporter_print"),
    path("supporting/<id:client_id>/plan/plan.pdf", theirs.plan_pdf, name="supporter_pdf"),
]
