"""Locust users for bench/load.py: demo practitioners searching for people and opening the
records allocated to their team. The plan (who signs in, whom they open) comes from the JSON
file named by LOAD_PLAN, which load.py writes from the database before the run."""

import itertools
import json
import os
import random
import re

import gevent
from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(open(os.environ["LOAD_PLAN"]).read())  # noqa: SIM115 - read once at import
_next = itertools.count()
_signed_in = 0
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Practitioner(FastHttpUser):
    # FastHttpUser (geventhttpclient) spends a fraction of the CPU that requests does: the
    # load generator shares two cores with the server, so its own CPU shows in the figures.
    wait_time = between(0.2, 1.0)

    def on_start(self):
        self.rng = random.Random(next(_next))
        if PLAN["mode"] == "healthz":
            return
        me = PLAN["practitioners"][self.rng.randrange(len(PLAN["practitioners"]))]
        self.people = me["people"]
        page = self.client.get("/sign-in", name="/sign-in")
        match = _TOKEN.search(page.text)
        token = match.group(1) if match else ""
        with self.client.post(
            "/sign-in",
            data={"username": me["username"], "password": PLAN["password"],
                  "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/sign-in"},
            name="/sign-in",
            allow_redirects=False,
            catch_response=True,
        ) as resp:  # fmt: skip
            # A good sign-in redirects; a refused one shows the form again.
            if resp.status_code != 302:
                resp.failure(f"sign-in as {me['username']} failed ({resp.status_code})")
        self._wait_for_everyone_to_sign_in()

    def _wait_for_everyone_to_sign_in(self):
        """Measure the pages in a steady state: sign-in is deliberately slow (Argon2), and
        pages requested while twenty people sign in at once would measure that instead."""
        global _signed_in
        _signed_in += 1
        target = getattr(self.environment.runner, "target_user_count", 0) or 0
        while _signed_in < target:
            gevent.sleep(0.1)

    @task(3)
    def search(self):
        if PLAN["mode"] == "healthz":
            self.client.get("/healthz", name="/healthz")
            return
        name = PLAN["family_names"][self.rng.randrange(len(PLAN["family_names"]))]
        self._page(f"/people/search?name={name}", "/people/search")

    @task(2)
    def person(self):
        if PLAN["mode"] == "healthz":
            self.client.get("/healthz", name="/healthz")
            return
        pk = self.people[self.rng.randrange(len(self.people))]
        self._page(f"/people/{pk}", "/people/[pk]")

    def _page(self, url: str, name: str):
        """A page counts only if it is the page: a redirect to sign-in is a failure."""
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for {url}")
