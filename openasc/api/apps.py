from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "openasc.api"
    label = "api"
