"""Locust users for bench/load.py: demo practitioners searching for people and opening the
records allocated to their team. The plan (who signs in, whom they open) comes from the JSON
file named by LOAD_PLAN, which load.py writes from the database before the run."""

import itertools
import json
import os
import random
import re

import gevent
from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"]).read())  # noqa: SIM115 - read once at import
_next = itertools.count()
_signed_in = 0
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Practitioner(HttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self):
        self.rng = random.Random(next(_next))
        if PLAN["mode"] == "healthz":
            return
        me = PLAN["practitioners"][self.rng.randrange(len(PLAN["practitioners"]))]
        self.people = me["people"]
        page = self.client.get("/sign-in", name="/sign-in")
        match = _TOKEN.search(page.text)
        token = match.group(1) if match else self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/sign-in",
            data={"username": me["username"], "password": PLAN["password"],
                  "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/sign-in"},
            name="/sign-in",
            catch_response=True,
        ) as resp:  # fmt: skip
            if resp.url.rstrip("/").endswith("/sign-in"):
                resp.failure(f"sign-in as {me['username']} failed")
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
        self.client.get(f"/people/search?name={name}", name="/people/search")

    @task(2)
    def person(self):
        if PLAN["mode"] == "healthz":
            self.client.get("/healthz", name="/healthz")
            return
        pk = self.people[self.rng.randrange(len(self.people))]
        self.client.get(f"/people/{pk}", name="/people/[pk]")
