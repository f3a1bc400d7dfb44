"""Only for tests/test_document_stages.py until it is rewritten: every helper is in tests/helpers
(``from helpers import ...``). Delete this file once nothing imports it."""

from helpers import REPO_CONTENT  # noqa: F401
