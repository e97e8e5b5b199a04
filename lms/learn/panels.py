"""Extra panels on the learner's home page, contributed by other features."""

from collections.abc import Callable

from lms.models import User

# Each provider takes the user and returns (template name, context) or None; features
# (cohort sessions, discussions) append to it from their init_app.
PANEL_PROVIDERS: list[Callable[[User], tuple[str, dict] | None]] = []


def dashboard_panels(user: User) -> list[tuple[str, dict]]:
    """The panels to show for this user, in registration order."""
    panels = []
    for provider in PANEL_PROVIDERS:
        panel = provider(user)
        if panel is not None:
            panels.append(panel)
    return panels
