from django.apps import AppConfig


class PopulationConfig(AppConfig):
    name = "openasc.population"
    label = "population"
    default_auto_field = "django.db.models.BigAutoField"
