"""Staff who turned on a second factor must pass it before any page but sign-in."""

from django.shortcuts import redirect

OPEN_PATHS = ("/sign-in", "/sign-out", "/static/", "/assets/", "/api/", "/portal/", "/healthz")


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.totp_enabled
            and not request.session.get("second_factor_ok")
            and not request.path.startswith(OPEN_PATHS)
        ):
            return redirect("/sign-in/code")
        return self.get_response(request)
