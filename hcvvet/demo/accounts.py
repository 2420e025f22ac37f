"""The demo's logins: (username, password, roles), created by `demo_setup` and printed by the launcher."""

DEMO_USERS = (("demo", "hcvvet-demo", ("expert",)), ("curator", "hcvvet-curator", ("curator", "expert")))
