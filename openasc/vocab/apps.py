from django.apps import AppConfig


class VocabConfig(AppConfig):
    name = "openasc.vocab"
    label = "vocab"
    verbose_name = "National defined lists"
