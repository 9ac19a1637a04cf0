from django.apps import AppConfig


class MoneyConfig(AppConfig):
    name = "openasc.money"
    default_auto_field = "django.db.models.BigAutoField"
