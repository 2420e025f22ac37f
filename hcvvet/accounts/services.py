from django.contrib.auth.models import Group

from .models import Role, User


def user_create(*, username: str, password: str, roles: tuple[str, ...] = (), email: str = "") -> User:
    """Create a user with the given roles, or update the password and roles of an existing one.

    Curators get staff status: they work in the Django admin.
    """
    user, _ = User.objects.get_or_create(username=username, defaults={"email": email})
    user.set_password(password)
    user.is_staff = user.is_staff or Role.CURATOR in roles
    user.save(update_fields=["password", "is_staff"])
    user.groups.add(*Group.objects.filter(name__in=roles))
    return user
