"""The simulator: plans a universe from a seed, draws its stars, runs the HCV pipeline and writes one SQLite
file (``build.build_universe``); ``sky`` renders that universe's images. The same seed always gives the same
tables.
"""
