"""Ingest services: job lifecycle (jobs), target resolution and query plans (plan), summary rows
(summary, upsert), light curves (lightcurves, loader, checks), cutouts (cutouts), the pipeline that runs
them in order (pipeline) and the demo data set (demo)."""
