"""The MAST client suite runs against the sandbox, and against real MAST as a canary for drift between the
two (`live_mast`): only when CASJOBS_USERID and CASJOBS_PW are set and MAST answers, skipped otherwise."""

import os

import pytest
import requests

# Real MAST, as hcvvet/settings/base.py defaults to without a sandbox.
REAL_MAST = {
    "HCVVET_CASJOBS_URL": "https://mastweb.stsci.edu/ps1casjobs/services/jobs.asmx",
    "HCVVET_CASJOBS_LOGIN_URL": "https://mastweb.stsci.edu/ps1casjobs/casusers.asmx/GetWebServiceId",
    "HCVVET_CASJOBS_FAST_URL": "https://ps1images.stsci.edu/cgi-bin/quick_casjobs.cgi",
    "HCVVET_MAST_INVOKE_URL": "https://mast.stsci.edu/api/v0/invoke",
    "HCVVET_FITSCUT_URL": "https://hla.stsci.edu/cgi-bin/fitscut.cgi",
    "HCVVET_CATALOGS_URL": "https://catalogs.mast.stsci.edu/api/v0.1/hsc",
}
REACHABILITY_TIMEOUT_S = 5


@pytest.fixture(scope="session")
def real_mast_account() -> tuple[str, str]:
    """The CasJobs account for real MAST; a skip unless it is set and MAST answers on the network."""
    user, password = os.environ.get("CASJOBS_USERID", ""), os.environ.get("CASJOBS_PW", "")
    if not (user and password):
        pytest.skip("CASJOBS_USERID / CASJOBS_PW not set: no live MAST canary")
    try:
        requests.head("https://mast.stsci.edu/", timeout=REACHABILITY_TIMEOUT_S)
    except requests.RequestException as e:
        pytest.skip(f"MAST does not answer on this network ({type(e).__name__})")
    return user, password


@pytest.fixture(params=["sandbox", pytest.param("live", marks=pytest.mark.live_mast)])
def mast_service(request, settings) -> str:
    """hcvvet's MAST settings pointed at the sandbox or at real MAST; which one it is."""
    if request.param == "sandbox":
        request.getfixturevalue("mast")
        return "sandbox"
    settings.CASJOBS_USERID, settings.CASJOBS_PW = request.getfixturevalue("real_mast_account")
    for name, url in REAL_MAST.items():
        setattr(settings, name, url)
    settings.HCVVET_CASJOBS_CONTEXT = "HSCv3"
    settings.HCVVET_MAST_TIMEOUT_SECONDS = 60
    return "live"
