from tests.ingest.conftest import mast  # noqa: F401 (a fixture: pytest finds it by name)
from tests.sandbox.conftest import sandbox, sandbox_db, sandbox_server  # noqa: F401 (fixtures, as above)
