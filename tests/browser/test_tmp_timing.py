import time
from tests.browser.conftest import AXE, axe_violations


def test_t(page, users):
    for i in range(3):
        t = time.perf_counter()
        page.goto("/sign-in")
        t1 = time.perf_counter()
        page.add_script_tag(path=str(AXE))
        t2 = time.perf_counter()
        axe_violations(page)
        t3 = time.perf_counter()
        print(f"goto {t1 - t:.2f} inject {t2 - t1:.2f} axe {t3 - t2:.2f}")
    page.on("request", lambda r: print("REQ", r.url))
    page.on("requestfinished", lambda r: print("DONE", r.url, r.timing["responseEnd"]))
    page.goto("/sign-in")
