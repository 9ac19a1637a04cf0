from django.apps import AppConfig


class JourneyConfig(AppConfig):
    name = "openasc.journey"
    label = "journey"
    verbose_name = "The person's journey"
