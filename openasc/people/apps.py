from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "openasc.people"
    label = "people"
    verbose_name = "People"
