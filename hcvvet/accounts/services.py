from django.contrib.auth.models import Group

from .models import User


def user_create(*, username: str, password: str, roles: tuple[str, ...] = (), email: str = "") -> User:
    """Create a user with the given roles, or update the password and roles of an existing one."""
    user, _ = User.objects.get_or_create(username=username, defaults={"email": email})
    user.set_password(password)
    user.save(update_fields=["password"])
    user.groups.add(*Group.objects.filter(name__in=roles))
    return user
