from tests.ingest.conftest import mast  # noqa: F401
from tests.sandbox.conftest import sandbox, sandbox_db, sandbox_server  # noqa: F401
