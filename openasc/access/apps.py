from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "openasc.access"
    label = "access"
    verbose_name = "Access and audit"
