"""Who is calling."""

from __future__ import annotations

from dataclasses import dataclass

from portal.vocabulary import Role


@dataclass(frozen=True)
class Identity:
    """The caller of one request: anonymous (the public) or the holder of a token.

    Attributes:
        role: The token's role; None for the public.
        token_id: Id of the token used, None for the public.
        institution_id: The institution an INSTITUTION token is bound to.
        department_id: The department a GOVERNMENT token is bound to.
        name: A label for logs and the audit trail.
    """

    role: Role | None = None
    token_id: int | None = None
    institution_id: int | None = None
    department_id: int | None = None
    name: str = "anonymous"

    @property
    def is_anonymous(self) -> bool:
        """True for the public."""
        return self.role is None

    @property
    def actor(self) -> str:
        """How the audit trail names the caller."""
        return "anonymous" if self.token_id is None else f"token:{self.token_id}:{self.name}"


ANONYMOUS = Identity()
