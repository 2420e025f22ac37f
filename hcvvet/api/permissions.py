"""Role permissions of the API.

`viewer` reads; `expert` also labels in the campaigns they belong to; `curator` also manages campaigns,
adjudicates, flags images and starts ingests. A superuser holds every role. A signed-in user without any role
reads nothing.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from hcvvet.accounts.models import Role


def roles_of(user) -> frozenset[str]:
    """The role names of `user`, read once per request object and cached on it."""
    if not (user and user.is_authenticated):
        return frozenset()
    cached = getattr(user, "_hcvvet_roles", None)
    if cached is None:
        if user.is_superuser:
            cached = frozenset(Role.ALL)
        else:
            cached = frozenset(user.groups.filter(name__in=Role.ALL).values_list("name", flat=True))
        user._hcvvet_roles = cached
    return cached


def is_curator(user) -> bool:
    return Role.CURATOR in roles_of(user)


def is_expert(user) -> bool:
    """Experts and curators may label; curators are experts too."""
    return bool(roles_of(user) & {Role.EXPERT, Role.CURATOR})


class IsReader(BasePermission):
    """Any role may read; writes need a stricter class next to this one."""

    message = "Your account has no role in hcvvet: ask a curator for viewer, expert or curator."

    def has_permission(self, request, view) -> bool:
        return bool(roles_of(request.user))


class ReadOnly(BasePermission):
    message = "This resource is read-only."

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS


class IsExpert(BasePermission):
    message = "Only experts and curators may do this."

    def has_permission(self, request, view) -> bool:
        return is_expert(request.user)


class IsCurator(BasePermission):
    message = "Only curators may do this."

    def has_permission(self, request, view) -> bool:
        return is_curator(request.user)


class ReadsOrWrites(BasePermission):
    """Readers read; writing takes the role that `may_write` checks."""

    @staticmethod
    def may_write(user) -> bool:
        raise NotImplementedError

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return bool(roles_of(request.user))
        return self.may_write(request.user)


class ReadsOrCurator(ReadsOrWrites):
    """Readers read; only curators write."""

    message = "Only curators may change this."
    may_write = staticmethod(is_curator)


class ReadsOrExpert(ReadsOrWrites):
    """Readers read; experts and curators write (object rules narrow it further)."""

    message = "Only experts and curators may do this."
    may_write = staticmethod(is_expert)
