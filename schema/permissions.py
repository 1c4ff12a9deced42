"""Permission classes: thin wrappers that ask `portal.auth.rules` and raise top-level errors."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from portal.auth import Identity, rules
from schema.context import Info


def refusal(identity: Identity, what: str) -> tuple[str, dict[str, Any]]:
    """The message and extensions of the error refusing `what` to the caller."""
    if identity.is_anonymous:
        return f"Authentication required: {what} needs a bearer token", {"code": "UNAUTHENTICATED"}
    role = identity.role.value if identity.role else "PUBLIC"
    return f"Forbidden: a {role} token may not {what}", {"code": "FORBIDDEN"}


class Guard(BasePermission):
    """Base for permission classes: sets an UNAUTHENTICATED or FORBIDDEN error on refusal."""

    def refuse(self, identity: Identity, what: str) -> bool:
        """Record why the caller is refused and return False."""
        self.message, self.error_extensions = refusal(identity, what)
        return False


def requires(action: str) -> type[BasePermission]:
    """A permission class letting through only the roles `rules.ALLOWED[action]` names."""

    class Requires(Guard):
        async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
            identity = info.context.identity
            return rules.may(identity, action) or self.refuse(identity, action)

    Requires.__name__ = f"Requires_{action}"
    return Requires
