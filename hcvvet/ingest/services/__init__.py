"""Ingest services: what users ask of a job (lifecycle), how a running job moves (state), target resolution
and query plans (plan), summary rows (summary, upsert), light curves (lightcurves, loader, checks), cutouts
(cutouts), the pipeline that runs the stages in order (pipeline) and the demo data set (demo)."""
