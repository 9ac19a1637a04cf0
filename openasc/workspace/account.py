"""Signing in and out, the second factor, and the health check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from openasc.access import audit, auth

from .forms import CodeForm, SignInForm, TotpForm
from .pages import render_page

MAX_CODE_TRIES = 5


def _safe_next(request, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return "/"


@require_http_methods(["GET", "POST"])
def sign_in(request):
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = SignInForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            user = auth.sign_in(
                request, form.cleaned_data["username"], form.cleaned_data["password"]
            )
        except auth.SignInError as e:
            form.add_error(None, str(e))
        else:
            login(request, user)  # a new session key, so a planted session id is useless
            if user.totp_enabled:
                request.session["sign_in_next"] = next_url
                return redirect("sign-in-code")
            return redirect(next_url)
    return render_page(request, "sign_in.html", {"form": form, "next_url": next_url, "problem": ""})


@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    user = request.user
    if not user.is_authenticated:
        return redirect("sign-in")
    if not user.totp_enabled or request.session.get("second_factor_ok"):
        return redirect("home")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        if auth.check_totp(user, form.cleaned_data["code"]):
            next_url = request.session.pop("sign_in_next", "/")
            request.session.cycle_key()
            request.session["second_factor_ok"] = True
            audit.record(user, "sign_in_second_factor")
            return redirect(_safe_next(request, next_url))
        tries = request.session.get("code_tries", 0) + 1
        request.session["code_tries"] = tries
        audit.record(user, "sign_in_second_factor_failed")
        if tries >= MAX_CODE_TRIES:
            logout(request)
            problem = "Too many wrong codes. Sign in again with your username and password."
            return render_page(
                request,
                "sign_in.html",
                {"form": SignInForm(), "next_url": "/", "problem": problem, "has_errors": True},
            )
        form.add_error("code", "The code is not right. Enter the code your app shows now")
    return render_page(request, "sign_in_code.html", {"form": form})


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        audit.record(request.user, "sign_out")
    logout(request)
    return redirect("sign-in")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Turn the second factor on (scan, then confirm a code) or off (confirm a code)."""
    user = request.user
    form = TotpForm(request.POST if request.method == "POST" else None)
    setting_up = False
    if form.is_bound and form.is_valid():
        action, code = form.cleaned_data["action"], form.cleaned_data["code"]
        if action == "begin" and not user.totp_enabled:
            auth.begin_totp(user)
            form = TotpForm(initial={"action": "confirm"})
            setting_up = True
        elif action == "confirm" and not user.totp_enabled and user.totp_secret:
            if auth.confirm_totp(user, code):
                request.session["second_factor_ok"] = True
                messages.success(request, "Two-factor sign-in is on")
                return redirect("two-factor")
            form.add_error("code", "The code is not right. Enter the code your app shows now")
            setting_up = True
        elif action == "disable" and user.totp_enabled:
            if auth.check_totp(user, code):
                auth.disable_totp(user)
                messages.success(request, "Two-factor sign-in is off")
                return redirect("two-factor")
            form.add_error("code", "The code is not right. Enter the code your app shows now")
        else:
            return redirect("two-factor")
    qr = ""
    if setting_up:
        # segno's SVG carries a <title>; role="img" makes screen readers announce it.
        qr = auth.totp_qr_svg(user).replace("<svg ", '<svg role="img" ', 1)
    return render_page(
        request,
        "two_factor.html",
        {"form": form, "setting_up": setting_up, "qr_svg": qr, "secret": user.totp_secret},
    )


@require_safe
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def govuk_assets(request, path: str):
    """GOV.UK Frontend's compiled CSS asks for fonts at /assets/…; they are static files."""
    return redirect(static(f"govuk/assets/{path}"))
