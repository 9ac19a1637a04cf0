"""The practitioner's pages. Other parts of openasc link to these names; keep them stable."""

from django.urls import path

from . import account, views, views_eligibility, views_money

urlpatterns = [
    path("healthz", account.healthz, name="healthz"),
    path("assets/<path:path>", account.govuk_assets, name="govuk-assets"),
    path("sign-in", account.sign_in, name="sign-in"),
    path("sign-in/code", account.sign_in_code, name="sign-in-code"),
    path("sign-out", account.sign_out, name="sign-out"),
    path("account/two-factor", account.two_factor, name="two-factor"),
    path("", views.home, name="home"),
    path("people/search", views.people_search, name="people-search"),
    path("people/new", views.person_new, name="person-new"),
    path("people/<int:pk>", views.person, name="person"),
    path("people/<int:pk>/break-glass", views.person_break_glass, name="person-break-glass"),
    path("people/<int:pk>/edit", views.person_edit, name="person-edit"),
    path("people/<int:pk>/merge", views.person_merge, name="person-merge"),
    path("people/<int:pk>/export", views.person_export, name="person-export"),
    path("people/<int:pk>/relationships/new", views.relationship_new, name="relationship-new"),
    path("people/<int:pk>/restriction", views.person_restriction, name="person-restriction"),
    path("people/<int:pk>/events/new/<str:event_type>", views.event_new, name="event-new"),
    path("events/<int:pk>", views.event, name="event"),
    path("events/<int:pk>/edit", views.event_edit, name="event-edit"),
    path("events/<int:pk>/status", views.event_status, name="event-status"),
    path("events/<int:pk>/eligibility", views_eligibility.eligibility, name="eligibility"),
    path("people/<int:pk>/budget", views_money.budget, name="budget"),
    path("people/<int:pk>/budget/agree", views_money.budget_agree, name="budget-agree"),
    path("people/<int:pk>/charge", views_money.charge, name="charge"),
    path("people/<int:pk>/charge/result", views_money.charge_result, name="charge-result"),
    path("manage/break-glass", views.break_glass_report, name="break-glass-report"),
]
