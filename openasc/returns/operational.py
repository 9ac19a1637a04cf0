"""Operational measures in the catalogue (``metrics``), for any window: a week, a month, a
year. Waiting lists and waiting times (request -> assessment -> service), resolution at
first contact, reablement, personal budgets and direct payments, overdue reviews, and the
week's volumes; each broken down by age band, sex, ethnic group, primary support reason
and locality, with the people behind every number.

Definitions are in ``operational_cohorts`` (who counts), worked out on the events as the
SALT/ASCOF measures deduplicate them (``operational_prepare``). Not here yet: the
ideal-outcome gap and reablement need scores (start vs end), which the workspace will
record; nothing is estimated in their place.
"""

from __future__ import annotations

from . import operational_cohorts as q
from .metrics import BREAKDOWNS, Metric, register
from .operational_figures import Cohort, figures, people

_AGE = "Under 18s are not counted."
_WAIT_LIST = (
    " The record shows only what was recorded: a request or assessment never followed up or "
    "closed keeps the person on the list; someone who stopped waiting without it being "
    "recorded (moved away, arranged their own care) stays on it too."
)


def _metric(code, title, unit, cohort, meaning, shortfalls, better) -> None:
    register(
        Metric(
            code=code, title=title, unit=unit, meaning=meaning,
            shortfalls=f"{shortfalls} {_AGE}", figures=figures(cohort), better=better,
            breakdowns=tuple(BREAKDOWNS), people=people(cohort), group="Operational",
        )
    )  # fmt: skip


_metric(
    "first-contact-resolution", "Requests resolved at first contact", "%",
    Cohort(q.FIRST_CONTACT, "rate", "No requests were completed in this window."),
    "Of requests for support completed in the window, the share resolved without going "
    "further: information and advice, signposting, a referral elsewhere, or no further action "
    "for another reason, rather than going on to an assessment, reablement or services.",
    "A quick 'no further action' is not always a good outcome: it includes support declined "
    "and people turned away, and some come back soon after (repeat requests are not linked "
    "here). Requests closed because the person died are left out.",
    "higher",
)  # fmt: skip
_metric(
    "requests", "New requests for support", "requests",
    Cohort(q.REQUESTS, "count", "No requests started in this window."),
    "The number of requests for support (from people or their carers) that started in the "
    "window: the front door's volume.",
    "Counts requests, not people: one person may make several. Requests still open are "
    "counted; cancelled ones are not.",
    None,
)  # fmt: skip
_metric(
    "waiting-for-assessment", "Waiting for an assessment", "people",
    Cohort(q.WAITING_FOR_ASSESSMENT, "count", "Nobody was waiting for an assessment."),
    "People waiting for an assessment on the window's last day: their request was passed on "
    "for an assessment, review or reassessment and none had started by then.",
    "People who have died by then are not counted." + _WAIT_LIST,
    "lower",
)  # fmt: skip
_metric(
    "days-waiting-for-assessment", "Days waiting for an assessment (median)", "days",
    Cohort(q.WAITING_FOR_ASSESSMENT, "median", "Nobody was waiting for an assessment."),
    "For the people waiting for an assessment on the window's last day, the median number "
    "of days since their request started (the note gives the 90th percentile: the wait "
    "that one person in ten exceeds).",
    "Counts the wait so far, not the whole wait: it falls when long waiters are seen."
    + _WAIT_LIST,
    "lower",
)  # fmt: skip
_metric(
    "waiting-for-service", "Waiting for services to start", "people",
    Cohort(q.WAITING_FOR_SERVICE, "count", "Nobody was waiting for services to start."),
    "People waiting for support on the window's last day: an assessment or review found "
    "needs to meet and passed them on to support planning or services, and no service had "
    "started since that assessment began.",
    "A change to an existing package recorded without a new service event looks like a "
    "wait. People who have died by then are not counted." + _WAIT_LIST,
    "lower",
)  # fmt: skip
_metric(
    "days-waiting-for-service", "Days waiting for services (median)", "days",
    Cohort(q.WAITING_FOR_SERVICE, "median", "Nobody was waiting for services to start."),
    "For the people waiting for services on the window's last day, the median number of "
    "days since their assessment started (the note gives the 90th percentile).",
    "Counts the wait so far, not the whole wait. Timed from the assessment's start, so a "
    "long assessment counts as waiting." + _WAIT_LIST,
    "lower",
)  # fmt: skip
_metric(
    "time-request-to-assessment", "Time from request to assessment (median)", "days",
    Cohort(q.REQUEST_TO_ASSESSMENT, "median", "No assessments started in this window."),
    "For assessments that started in the window after a request was passed on for one, the "
    "median number of days from the start of the request (the earliest, if several were "
    "waiting) to the start of the assessment; the note gives the 90th percentile.",
    "Only the people who were seen: those still waiting are in 'days waiting for an "
    "assessment'. Reassessments that did not follow a request are not timed.",
    "lower",
)  # fmt: skip
_metric(
    "time-assessment-to-service", "Time from assessment to services (median)", "days",
    Cohort(q.ASSESSMENT_TO_SERVICE, "median", "No services followed an assessment here."),
    "For people whose first service after an assessment (or review) that passed them on to "
    "support planning or services started in the window, the median number of days from "
    "the start of that assessment; the note gives the 90th percentile.",
    "Only those whose services started: those still waiting are in 'days waiting for "
    "services'. Includes the time the assessment itself took.",
    "lower",
)  # fmt: skip
_metric(
    "reablement-no-long-term-support-91-days", "Reablement: no long-term support 91 days on",
    "%",
    Cohort(
        q.REABLEMENT, "rate", "No reablement (ST-Max) ended in this window that can be judged.",
        pending="{n} reablement episodes ending within 91 days of the latest data ({latest}) "
        "are left out: what followed them is not known yet.",
    ),
    "Of reablement (short-term support to maximise independence) episodes that ended in the "
    "window, the share after which the person had no long-term support at any time in the "
    "91 days that followed. Services within 7 days of each other are one episode.",
    "Includes people who already had long-term support (they count as needing it). Episodes "
    "ending less than 91 days before the latest data are left out, and so are people who "
    "died within the 91 days. Needs at the start and end of reablement are not recorded yet.",
    "higher",
)  # fmt: skip
_metric(
    "personal-budget-take-up", "Personal budget or direct payment", "%",
    Cohort(q.PERSONAL_BUDGET, "rate", "Nobody was in long-term community support."),
    "Of people in long-term support in the community on the window's last day, the share "
    "with a direct payment or a personal budget managed by the council (self-directed "
    "support; the basis of ASCOF 3D part 1, here for any day).",
    "Depends on the delivery mechanism being recorded on each service; people in "
    "residential or nursing care are not in it.",
    "higher",
)  # fmt: skip
_metric(
    "direct-payment-take-up", "Direct payments", "%",
    Cohort(q.DIRECT_PAYMENT, "rate", "Nobody was in long-term community support."),
    "Of people in long-term support in the community on the window's last day, the share "
    "receiving a direct payment (in full or in part; ASCOF 3D part 2, here for any day).",
    "Depends on the delivery mechanism or service component saying 'direct payment'.",
    "higher",
)  # fmt: skip
_metric(
    "reviews-overdue", "Reviews overdue", "people",
    Cohort(q.REVIEWS_OVERDUE, "count", "Nobody's review was overdue."),
    "People in long-term support on the window's last day who had had it for 12 months or "
    "more (without a break of over a week) and had no review or reassessment completed in "
    "the 12 months to that day: the Care Act expects one at least every year.",
    "Does not check the first review due 6-8 weeks after support starts, or a direct "
    "payment's first review at 6 months. Reviews of short-term support do not count.",
    "lower",
)  # fmt: skip
_metric(
    "new-long-term-support", "People starting long-term support", "people",
    Cohort(q.NEW_LONG_TERM, "count", "Nobody started long-term support in this window."),
    "People who started long-term support (in the community, residential or nursing care) "
    "in the window, not having had it in the week before: a change of package is not new.",
    "Early in the record's history everyone already supported looks new, because what came "
    "before is not in the data.",
    None,
)  # fmt: skip
