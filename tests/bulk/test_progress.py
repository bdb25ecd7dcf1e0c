import io

from events.bulk.progress import BarProgress, PlainProgress, Summary, make_progress


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_it_prints_plain_progress_lines_every_n_records_when_not_on_a_terminal():
    stream = io.StringIO()
    progress = make_progress(stream, total_bytes=1000, every=100)
    assert isinstance(progress, PlainProgress)

    with progress:
        for records in (50, 100, 150, 350):
            progress.update(records=records, bytes_done=records)

    lines = stream.getvalue().splitlines()
    # 150 is not yet the next hundred; 350 passes it (one line, not two).
    assert [line.split(",")[0] for line in lines] == ["progress: 100 records", "progress: 350 records"]
    assert all(line.endswith("records/s") for line in lines)


def test_it_draws_a_bar_with_rate_and_time_left_on_a_terminal():
    stream = FakeTerminal()
    progress = make_progress(stream, total_bytes=1000, every=100)
    assert isinstance(progress, BarProgress)

    with progress:
        progress.update(records=400, bytes_done=500)

    task = progress.progress.tasks[0]
    assert (task.completed, task.total, task.fields["records"]) == (500, 1000, 400)
    assert "400 records" in stream.getvalue()


def test_it_sums_summaries_and_says_every_count():
    total = Summary(read=3, created=2, imported=2, rejected=1)
    total.add(Summary(read=2, unchanged=1, duplicates=1, interrupted=True))

    assert total.line() == "read 5, imported 2 (created 2, updated 0), unchanged 1, duplicates 1, rejected 1"
    assert total.interrupted is False  # flags are not summed
