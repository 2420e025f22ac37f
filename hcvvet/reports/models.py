"""The reports app keeps no rows of its own: reports are aggregate queries over catalog and vetting, cached
in Django's cache framework (hcvvet/reports/cache.py)."""
