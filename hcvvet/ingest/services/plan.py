"""What a job asks MAST for: its resolved position and the summary query (CasJobs SQL or catalogs API
constraints). Only validated values (numbers, filter names matching FILTER_NAME) reach the SQL text."""

from __future__ import annotations

from hcvvet.ingest.models import IngestJob
from hcvvet.mast import name_lookup
from hcvvet.mast.casjobs import Select

SUMMARY_COLUMNS = (
    "m.MatchID, m.GroupID, g.TargetName, m.SubGroupID, m.RA, m.Dec, m.AutoClass, m.ExpertClass, "
    "m.NumFilters, f.Filter, f.FilterDetFlag, f.VarQualFlag, f.NumLC, f.MeanMag, f.MeanCorrMag, f.MAD, f.Chi2"
)
LIGHT_CURVE_COLUMNS = "MatchID, Filter, MJD, ImageName, Mag, CorrMag, MagErr, CI, D"


def resolve_target(job: IngestJob) -> None:
    """Fill RA/Dec from MAST Name.Lookup when the job names a target. Raises `UnknownTargetError`."""
    if job.target_name and job.ra_deg is None:
        target = name_lookup.resolve(job.target_name)
        job.ra_deg, job.dec_deg = target.ra_deg, target.dec_deg
        job.save(update_fields=["ra_deg", "dec_deg"])


def mydb_table(job: IngestJob) -> str:
    return f"hcvvet_ingest_{job.pk}"


def _in_list(values: list) -> str:
    """A T-SQL list of validated values: whole numbers, or filter names (`job_validate` checked them)."""
    return ", ".join(f"'{v}'" if isinstance(v, str) else str(int(v)) for v in values)


def summary_sql(job: IngestJob, *, into: str | None = None) -> str:
    """`select ... into mydb.<table>` of the job's HCVmatch x HCVfilter rows (as the notebook's query); the
    table is the job's own unless `into` names another (a part of a whole-catalogue ingest)."""
    if (cone_values := job.cone()) is not None:
        cone = ", ".join(repr(float(value)) for value in cone_values)
        source = f"from SearchHCVMatchID({cone}) s join HCVmatch m on m.MatchID = s.MatchID"
    else:
        source = "from HCVmatch m"
    filter_join = f" and f.Filter in ({_in_list(job.filters)})" if job.filters else ""
    where = []
    if job.autoclass_min:
        where.append(f"m.AutoClass >= {int(job.autoclass_min)}")
    if job.expert_validated:
        where.append("m.ExpertClass > 0")
    if job.group_ids:
        where.append(f"m.GroupID in ({_in_list(job.group_ids)})")
    if job.match_ids:
        where.append(f"m.MatchID in ({_in_list(job.match_ids)})")
    select = Select(
        SUMMARY_COLUMNS,
        f"{source} join HCVfilter f on f.MatchID = m.MatchID{filter_join} "
        "join Groups g on g.GroupID = m.GroupID" + (f" where {' and '.join(where)}" if where else ""),
    )
    return select.sql(into=into or mydb_table(job))


def light_curve_table(job: IngestJob) -> str:
    """The MyDB table a batch of light curves goes through when CasJobs will not run it as a quick job."""
    return f"{mydb_table(job)}_lc"


def part_table(job: IngestJob, kind: str, number: int) -> str:
    """The MyDB table of one part of a whole-catalogue ingest (parts run at once, each with its own)."""
    return f"{mydb_table(job)}_{kind}_{number}"


GROUP_SIZES_SQL = "select GroupID, count(*) as n from HCVmatch group by GroupID"


def light_curve_select(job: IngestJob, match_ids: list[int]) -> Select:
    """One query for the light curves of a batch of MatchIDs (in the job's filters)."""
    filters = f" and Filter in ({_in_list(job.filters)})" if job.filters else ""
    # MAST's CasJobs takes no parameters: values are numbers and checked filter names (`_in_list`).
    return Select(
        LIGHT_CURVE_COLUMNS,
        f"from HCVdetailed where MatchID in ({_in_list(sorted(match_ids))}){filters}",
    )


def catalogs_summary_params(job: IngestJob) -> list[dict]:
    """Catalogs API constraint sets for `hcvsummary` (one per chunk of a long MatchID or GroupID list)."""
    base: dict[str, object] = {}
    if (cone := job.cone()) is not None:
        ra_deg, dec_deg, radius_arcsec = cone
        base.update(ra=ra_deg, dec=dec_deg, radius=radius_arcsec / 3600.0)
    if job.filters:
        base["Filter"] = ",".join(job.filters)
    if job.autoclass_min:
        base["AutoClass.gte"] = job.autoclass_min
    if job.expert_validated:
        base["ExpertClass.gte"] = 1
    if job.group_ids:
        base["GroupID"] = ",".join(str(g) for g in job.group_ids)
    if not job.match_ids:
        return [base]
    ids = job.match_ids
    return [{**base, "MatchID": ",".join(str(m) for m in ids[i : i + 200])} for i in range(0, len(ids), 200)]


def catalogs_light_curve_params(job: IngestJob, match_ids: list[int]) -> dict:
    params: dict[str, object] = {"MatchID": ",".join(str(m) for m in sorted(match_ids))}
    if job.filters:
        params["Filter"] = ",".join(job.filters)
    return params
