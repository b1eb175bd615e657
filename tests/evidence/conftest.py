"""One exported pack per test module (exporting takes seconds; tampering tests share it)."""

from tests.evidence.helpers import exported  # noqa: F401  (module-scoped fixture)
