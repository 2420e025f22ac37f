from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hcvvet.accounts"
    label = "accounts"
    verbose_name = "Accounts"
