"""Identity, roles and the checks that decide who may read and write what."""

from portal.auth.identity import ANONYMOUS, Identity

__all__ = ["ANONYMOUS", "Identity"]
