from django.apps import AppConfig
from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "hcvvet.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from .lockout import on_login_failed
        from .roles import sync_role_permissions

        # After every migrate (and test database set-up), so new models' permissions reach the roles.
        post_migrate.connect(sync_role_permissions, dispatch_uid="hcvvet_sync_role_permissions")
        user_login_failed.connect(on_login_failed, dispatch_uid="hcvvet_count_login_failures")
