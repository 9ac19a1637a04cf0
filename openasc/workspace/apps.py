from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "openasc.workspace"
    label = "workspace"
