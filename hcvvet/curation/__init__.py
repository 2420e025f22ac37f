"""Curators' actions that cross apps, on top of every app they reach (catalog, vetting, ingest).

The catalogue's admin pages know only the catalogue; this app extends them, at the same URLs, with the vetting
history of a candidate and the bulk actions that call vetting and ingest services (add to a campaign, flag and
unflag images, re-run an ingest).
"""
