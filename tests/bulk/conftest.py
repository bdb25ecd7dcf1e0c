import io
from pathlib import Path

import pytest
from django.core.management import call_command

DATA = Path(__file__).parent / "data"


@pytest.fixture
def run_command():
    """Run a management command; return (stdout, stderr) as text."""

    def run(*args, **kwargs):
        out, err = io.StringIO(), io.StringIO()
        call_command(*args, stdout=out, stderr=err, **kwargs)
        return out.getvalue(), err.getvalue()

    return run
