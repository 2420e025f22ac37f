"""Clients for MAST (CasJobs, Name.Lookup, fitscut, catalogs API). No Django models; settings read lazily."""
