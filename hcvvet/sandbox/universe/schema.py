"""SQLite schema of a sandbox universe file.

The HCV tables (Groups, HCVmatch, HCVfilter, HCVdetailed) are what the sandbox serves as MAST's HSCv3 context;
the ``sandbox_*`` tables hold the simulator's bookkeeping and ground truth and are never served.

Indexes are kept apart (``INDEX_SQL``) so the builder can load the tables first and index afterwards, which is
much faster for bulk inserts; ``SCHEMA_SQL`` is the complete DDL (tables then indexes).
"""

TABLES_SQL = """
CREATE TABLE Groups (GroupID INTEGER PRIMARY KEY, TargetName TEXT NOT NULL);
CREATE TABLE HCVmatch (MatchID INTEGER PRIMARY KEY, GroupID INTEGER NOT NULL, SubGroupID INTEGER NOT NULL,
  RA REAL NOT NULL, Dec REAL NOT NULL, AutoClass INTEGER NOT NULL, ExpertClass INTEGER NOT NULL,
  NumFilters INTEGER NOT NULL);
CREATE TABLE HCVfilter (MatchID INTEGER NOT NULL, Filter TEXT NOT NULL, FilterDetFlag INTEGER NOT NULL,
  VarQualFlag TEXT NOT NULL, NumLC INTEGER NOT NULL, MeanMag REAL, MeanCorrMag REAL, MAD REAL, Chi2 REAL,
  PRIMARY KEY (MatchID, Filter));
CREATE TABLE HCVdetailed (MatchID INTEGER NOT NULL, Filter TEXT NOT NULL, MJD REAL NOT NULL,
  ImageName TEXT NOT NULL, Mag REAL, CorrMag REAL, MagErr REAL, CI REAL, D REAL);
CREATE TABLE sandbox_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sandbox_names (name TEXT PRIMARY KEY, ra REAL NOT NULL, dec REAL NOT NULL,
  canonical TEXT NOT NULL, object_type TEXT);
CREATE TABLE sandbox_groups (GroupID INTEGER PRIMARY KEY, ra REAL, dec REAL, radius_deg REAL, instrument TEXT,
  filters TEXT, n_epochs INTEGER, baseline_days REAL);
CREATE TABLE sandbox_images (ImageName TEXT PRIMARY KEY, GroupID INTEGER NOT NULL, Filter TEXT NOT NULL,
  MJD REAL NOT NULL, ra REAL NOT NULL, dec REAL NOT NULL, single_exposure INTEGER NOT NULL,
  zeropoint_offset REAL, seed INTEGER NOT NULL);
CREATE TABLE sandbox_truth (MatchID INTEGER PRIMARY KEY, nature TEXT NOT NULL, period_days REAL,
  amplitude_mag REAL, artifact TEXT, artifact_image TEXT, notes TEXT);
"""

INDEX_SQL = """
CREATE INDEX HCVdetailed_match ON HCVdetailed (MatchID, Filter);
CREATE INDEX HCVmatch_group ON HCVmatch (GroupID);
CREATE INDEX HCVmatch_radec ON HCVmatch (Dec, RA);
"""

SCHEMA_SQL = TABLES_SQL + INDEX_SQL

# Tables the sandbox serves as MAST's HSCv3 context; everything else in the file is private to the sandbox.
SERVED_TABLES = ("Groups", "HCVmatch", "HCVfilter", "HCVdetailed")

NATURES = ("constant", "cepheid", "rr_lyrae", "eclipsing_binary", "long_period", "nova", "agn", "artifact")
ARTIFACTS = ("cosmic_ray", "diffraction_spike", "blend", "chip_edge", "bad_image")
