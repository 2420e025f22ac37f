"""Model permissions of each role, kept in step with the models after every migrate.

Curators work in the Django admin on the catalogue, ingest and vetting models; the append-only history
(labels, their events, adjudications) is never deletable. Experts and viewers get view permissions only:
what they may write is decided by the vetting services, not by admin permissions.
"""

from django.contrib.auth.models import Group, Permission

from .models import Role

CURATED_APPS = ("catalog", "ingest", "vetting")
NEVER_DELETED = ("delete_label", "delete_labelevent", "delete_adjudication")


def sync_role_permissions(**kwargs) -> None:
    curated = Permission.objects.filter(content_type__app_label__in=CURATED_APPS)
    viewing = curated.filter(codename__startswith="view_")
    for name, permissions in (
        (Role.CURATOR, curated.exclude(codename__in=NEVER_DELETED)),
        (Role.EXPERT, viewing),
        (Role.VIEWER, viewing),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
