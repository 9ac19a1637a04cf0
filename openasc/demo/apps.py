from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "openasc.demo"
    label = "demo"
