"""SQLite schema of a sandbox universe file.

The HCV tables (Groups, HCVmatch, HCVfilter, HCVdetailed) are what the sandbox serves as MAST's HSCv3 context;
the ``sandbox_*`` tables hold the simulator's bookkeeping and ground truth and are never served (the CasJobs
emulator refuses every ``sandbox_`` name, ``server/sql.py``). The hidden tables:

- ``sandbox_meta``: build parameters (seed, scale, counts, ``hsc_v3_last_mjd``: no image is later).
- ``sandbox_names``: what ``Mast.Name.Lookup`` resolves.
- ``sandbox_groups``: one row per group: centre, radius, instrument, filters, epochs, baseline, ``population``
  (local_group, galaxy, distant_galaxy, globular_cluster, deep_field) and ``distance_modulus`` (NULL for a
  deep field).
- ``sandbox_images``: one row per HLA image: group, filter, MJD, ``single_exposure`` (1: no CR-split, cosmic
  rays possible; never for WFC3/IR), the zero-point offset the local correction removes, a rendering seed,
  ``orient_deg`` (telescope roll of the visit; diffraction spikes turn with it) and ``seeing`` (PSF FWHM
  relative to nominal; blends change with it and with the orientation).
- ``sandbox_truth``: one row per object: ``nature`` (``NATURES``), period and V amplitude of variables,
  ``artifact`` (``ARTIFACTS``) with ``artifact_image`` (the image of the largest trace) and ``notes``
  (``hits=image,image,...``: every image with a trace).
- ``sandbox_artifact_hits``: one row per accepted measurement an artifact changed (only for objects whose
  light curves are stored): MatchID, Filter, ImageName, MJD and the changes it made to Mag/CorrMag
  (``dmag``, bad images included), CI (``dci``) and D (``dd``, mas). Cosmic ray: dmag < 0, dci < 0 on one
  or a few single-exposure epochs; diffraction spike: dmag < 0, dci > 0 on the epochs whose orientation puts
  a spike on the object; chip edge: dmag > 0, dci < 0, large dd; blend: every epoch, dd and dci following
  seeing and orientation; bad image: dmag only, every object of a strip of the field on the same images.
- ``sandbox_thresholds``: the detection threshold the sandbox's search used, per GroupID, Filter and magnitude
  bin (``bin`` 0..n-1, by magnitude): ``mag_lo``/``mag_hi``/``mag_centre`` of the bin (MeanCorrMag),
  ``n_objects``, ``mad_median`` (10**median log10 MAD of the constant-star locus after clipping),
  ``log_mad_sigma`` (its robust sigma in dex), ``k_sigmas`` and ``mad_threshold`` = 10**(log10 mad_median +
  k_sigmas x log_mad_sigma) at ``mag_centre``; between centres the threshold is interpolated linearly in
  log10(MAD) against magnitude and held flat beyond the end bins. A row is flagged (FilterDetFlag 1) when
  NumLC >= 5, it is not saturated (VarQualFlag ``-----``), MeanCorrMag <= 27, MAD > threshold and Chi2 >
  ``chi2_cut``. Nothing of this is served: FilterDetFlag is all a client sees of it.

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
  filters TEXT, n_epochs INTEGER, baseline_days REAL, population TEXT, distance_modulus REAL);
CREATE TABLE sandbox_images (ImageName TEXT PRIMARY KEY, GroupID INTEGER NOT NULL, Filter TEXT NOT NULL,
  MJD REAL NOT NULL, ra REAL NOT NULL, dec REAL NOT NULL, single_exposure INTEGER NOT NULL,
  zeropoint_offset REAL, seed INTEGER NOT NULL, orient_deg REAL, seeing REAL);
CREATE TABLE sandbox_truth (MatchID INTEGER PRIMARY KEY, nature TEXT NOT NULL, period_days REAL,
  amplitude_mag REAL, artifact TEXT, artifact_image TEXT, notes TEXT);
CREATE TABLE sandbox_thresholds (GroupID INTEGER NOT NULL, Filter TEXT NOT NULL, bin INTEGER NOT NULL,
  mag_lo REAL NOT NULL, mag_hi REAL NOT NULL, mag_centre REAL NOT NULL, n_objects INTEGER NOT NULL,
  mad_median REAL NOT NULL, log_mad_sigma REAL NOT NULL, k_sigmas REAL NOT NULL, mad_threshold REAL NOT NULL,
  chi2_cut REAL NOT NULL, PRIMARY KEY (GroupID, Filter, bin));
CREATE TABLE sandbox_artifact_hits (MatchID INTEGER NOT NULL, Filter TEXT NOT NULL, ImageName TEXT NOT NULL,
  MJD REAL NOT NULL, dmag REAL NOT NULL, dci REAL NOT NULL, dd REAL NOT NULL);
"""

INDEX_SQL = """
CREATE INDEX HCVdetailed_match ON HCVdetailed (MatchID, Filter);
CREATE INDEX HCVmatch_group ON HCVmatch (GroupID);
CREATE INDEX HCVmatch_radec ON HCVmatch (Dec, RA);
CREATE INDEX sandbox_artifact_hits_match ON sandbox_artifact_hits (MatchID, Filter);
"""

SCHEMA_SQL = TABLES_SQL + INDEX_SQL

# Tables the sandbox serves as MAST's HSCv3 context; everything else in the file is private to the sandbox.
SERVED_TABLES = ("Groups", "HCVmatch", "HCVfilter", "HCVdetailed")

# "real_variable": a planted real candidate whose kind of variability is not published.
NATURES = (
    "constant", "cepheid", "rr_lyrae", "eclipsing_binary", "long_period", "nova", "agn", "artifact",
    "real_variable",
)  # fmt: skip
ARTIFACTS = ("cosmic_ray", "diffraction_spike", "blend", "chip_edge", "bad_image")
