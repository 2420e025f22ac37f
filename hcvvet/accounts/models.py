from django.contrib.auth.models import AbstractUser


class Role:
    """Role names; each is a Django group created by a data migration."""

    EXPERT = "expert"
    CURATOR = "curator"
    VIEWER = "viewer"
    ALL = (EXPERT, CURATOR, VIEWER)


class User(AbstractUser):
    """hcvvet's user; roles are Django groups (see `Role`)."""

    def save(self, *args, **kwargs) -> None:
        """A new password (set_password, then save) revokes the user's API token; sessions already end by
        Django's session hash of the password."""
        password_changed = self._password is not None
        super().save(*args, **kwargs)
        if password_changed:
            from rest_framework.authtoken.models import Token

            Token.objects.filter(user=self).delete()

    def has_role(self, role: str) -> bool:
        if self.is_superuser:
            return True
        return any(group.name == role for group in self.groups.all())

    @property
    def has_any_role(self) -> bool:
        """Whether the account has a role in hcvvet (a new account has none until a curator gives it one)."""
        return any(self.has_role(role) for role in Role.ALL)

    @property
    def is_curator(self) -> bool:
        return self.has_role(Role.CURATOR)

    @property
    def is_expert(self) -> bool:
        return self.has_role(Role.EXPERT) or self.is_curator
