"""The emulated MAST services (CasJobs, the catalogs API, name lookup, fitscut) answering from a universe
file, the HTTP server that routes to them with fault injection (``app``), and a harness that runs it in a
thread.
"""
