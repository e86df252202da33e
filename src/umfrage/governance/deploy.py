"""What ``umfrage check-deploy`` reports: Django's deployment checks plus ours."""

from __future__ import annotations

from django.core.checks import CheckMessage, run_checks
from django.core.checks.messages import WARNING


def deploy_messages() -> list[CheckMessage]:
    """Every check message at warning level or above, with the deployment checks included."""
    return [
        m
        for m in run_checks(include_deployment_checks=True)
        if m.level >= WARNING and not m.is_silenced()
    ]
