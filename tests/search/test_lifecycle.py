"""Index lifecycle: rebuild, update, sync, check, and what happens when things go wrong."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from directory.localoffer import AuthorityConfig
from directory.models import Attribute, PriorityTag, Schedule, ServiceAtLocation, utcnow
from directory.search import (
    IndexUnavailable,
    SearchIndex,
    SearchQuery,
    check,
    rebuild,
    sync,
    update,
)
from directory.search.documents import load_all_documents, load_documents, published_ids
from directory.search.lifecycle import current_generation, document_fields
from directory.search.schema import build_schema
from directory.search.service import CHECK_INTERVAL_S
from tests.factories import classify, create_location, create_service, term

Build = Callable[[], SearchIndex]


def wait_for_reopen() -> None:
    time.sleep(CHECK_INTERVAL_S * 1.5)


def test_an_update_is_searchable_once_with_the_new_data(
    session: Session, build_index: Build, config: AuthorityConfig, index_dir: Path
) -> None:
    services = [create_service(session, name=f"Club {n}") for n in range(30)]
    index = build_index()
    target = services[7]

    # Several updates in a row: whoosh-reloaded's refresh() would double-count here.
    for n in range(3):
        target.name = f"Renamed gymnastics {n}"
        target.last_modified = utcnow()
        session.flush()
        update(session, config, index_dir, [target.id])
    wait_for_reopen()

    result = index.search(SearchQuery(text="gymnastics"))
    assert [h.service_id for h in result.hits] == [target.id]
    assert index.search(SearchQuery()).total == 30
    assert index.search(SearchQuery(text="Club 7")).hits[0].service_id != target.id


def test_another_process_sees_a_commit_within_a_second(
    session: Session, build_index: Build, config: AuthorityConfig, index_dir: Path
) -> None:
    create_service(session, name="Existing")
    serving = build_index()
    assert serving.search(SearchQuery(text="trampolining")).total == 0

    added = create_service(session, name="Trampolining club")
    committed = time.monotonic()
    update(session, config, index_dir, [added.id])
    while serving.search(SearchQuery(text="trampolining")).total == 0:
        assert time.monotonic() - committed < 1.0
        time.sleep(0.01)


def test_sync_applies_changes_and_withdrawals_since_the_watermark(
    session: Session, build_index: Build, config: AuthorityConfig, index_dir: Path
) -> None:
    keep, withdraw = create_service(session, name="Keep"), create_service(session, name="Withdraw")
    index = build_index()
    withdraw.status = "inactive"
    withdraw.last_modified = utcnow()
    keep.name = "Kept and renamed"
    keep.last_modified = utcnow()
    new = create_service(session, name="New service")
    session.flush()
    assert not check(session, index_dir).ok

    report = sync(session, config, index_dir)
    wait_for_reopen()

    assert report.removed == 1
    assert report.added_or_updated == 2
    ids = {h.service_id for h in index.search(SearchQuery()).hits}
    assert ids == {keep.id, new.id}
    assert check(session, index_dir).ok


def test_an_index_of_an_empty_directory_browses_checks_and_takes_updates(
    session: Session, build_index: Build, config: AuthorityConfig, index_dir: Path
) -> None:
    # A fresh install, or every service withdrawn: the index has no segments at all.
    index = build_index()
    assert index.search(SearchQuery()).total == 0
    assert index.search(SearchQuery(text="autism")).total == 0
    assert check(session, index_dir).ok

    added = create_service(session, name="Autism parent group")
    update(session, config, index_dir, [added.id])
    wait_for_reopen()

    assert [h.service_id for h in index.search(SearchQuery(text="autism")).hits] == [added.id]
    assert check(session, index_dir).ok


def test_sync_within_the_overlap_skips_services_indexed_as_they_are(
    session: Session, build_index: Build, config: AuthorityConfig, index_dir: Path
) -> None:
    services = [create_service(session, name=f"Club {n}") for n in range(5)]
    build_index()
    # Everything was modified within SYNC_OVERLAP of the watermark, but nothing since.
    assert sync(session, config, index_dir).added_or_updated == 0

    services[2].name = "Renamed club"
    services[2].last_modified = utcnow()
    session.flush()
    assert sync(session, config, index_dir).added_or_updated == 1


def test_check_names_missing_extra_and_stale_services(
    session: Session, build_index: Build, index_dir: Path
) -> None:
    stale, gone = create_service(session, name="Stale"), create_service(session, name="Gone")
    build_index()
    stale.last_modified = utcnow()
    gone.status = "defunct"
    missing = create_service(session, name="Missing")
    session.flush()

    report = check(session, index_dir)

    assert (report.missing, report.extra, report.stale) == ([missing.id], [gone.id], [stale.id])


def test_missing_and_corrupt_indexes_are_clear_and_rebuild_restores(
    session: Session, config: AuthorityConfig, index_dir: Path
) -> None:
    create_service(session, name="Anything")
    with pytest.raises(IndexUnavailable, match="run `local-offer index rebuild`"):
        SearchIndex(index_dir, config).search(SearchQuery())

    rebuild(session, config, index_dir)
    generation = current_generation(index_dir)
    assert generation is not None
    for path in (index_dir / generation / "whoosh").glob("*.seg"):
        path.write_bytes(b"not a segment")
    for path in (index_dir / generation / "whoosh").glob("*.toc"):
        path.write_bytes(b"garbage")
    with pytest.raises(IndexUnavailable) as raised:
        SearchIndex(index_dir, config).search(SearchQuery())
    assert raised.value.status_code == 503
    assert "cannot be opened" in raised.value.message

    rebuild(session, config, index_dir)
    assert SearchIndex(index_dir, config).search(SearchQuery()).total == 1


def test_a_rebuild_that_dies_leaves_the_old_index_serving(
    session: Session, config: AuthorityConfig, index_dir: Path
) -> None:
    create_service(session, name="Before")
    rebuild(session, config, index_dir)
    serving = SearchIndex(index_dir, config)
    before = current_generation(index_dir)
    create_service(session, name="After")
    session.flush()

    def die(_count: int) -> None:
        raise KeyboardInterrupt  # as if the process were killed mid-build

    with pytest.raises(KeyboardInterrupt):
        rebuild(session, config, index_dir, progress=die)

    assert current_generation(index_dir) == before
    wait_for_reopen()
    assert serving.search(SearchQuery()).total == 1
    rebuild(session, config, index_dir)
    wait_for_reopen()
    assert serving.search(SearchQuery()).total == 2


def test_bulk_writer_and_whoosh_writer_write_the_same_index(
    session: Session, config: AuthorityConfig, tmp_path: Path
) -> None:
    for n in range(12):
        service = create_service(
            session,
            name=f"Service {n} autism",
            description_text="Support and support again for children's speech, behaviour "
            * (n % 3 + 1),
        )
        classify(session, service, "send-need", "ASD" if n % 2 else "SLCN")
        if n % 3 == 0:
            venue = create_location(session, latitude=51.6 + n / 100, longitude=-0.2)
            venue.attributes.append(
                Attribute(
                    link_entity="location",
                    link_type="accessibility-feature",
                    taxonomy_term=term(session, "accessibility-feature", "wheelchair"),
                )
            )
            service.service_at_locations.append(
                ServiceAtLocation(location=venue, schedules=[Schedule(byday="SA")])
            )
            service.schedules.append(Schedule(byday="MO,TU"))
            service.priority_tags.append(PriorityTag(priority_id="P5", reason="P5", origin="rule"))
    create_service(session, name="Withdrawn", status="inactive")
    session.flush()
    documents = list(load_all_documents(session, config))  # the rebuild's order
    assert any(d.locations and d.masks["days"] and d.masks["accessibility"] for d in documents)
    # Streaming (rebuild) and batch (update) loading build the same documents.
    by_batch = {d.service_id: d for d in load_documents(session, config, published_ids(session))}
    assert {d.service_id: d for d in documents} == by_batch

    bulk_dir = tmp_path / "bulk"
    rebuild(session, config, bulk_dir)
    bulk = whoosh_index.open_dir(str(bulk_dir / str(current_generation(bulk_dir)) / "whoosh"))
    (tmp_path / "plain").mkdir()
    plain = whoosh_index.create_in(str(tmp_path / "plain"), build_schema())
    writer = SegmentWriter(plain)
    for document in documents:
        writer.add_document(**document_fields(document))
    writer.commit()

    def contents(ix: object) -> dict[str, object]:
        with ix.reader() as reader:  # type: ignore[attr-defined]
            postings = {
                (field, text): list(reader.postings(field, text).items_as("weight"))
                for field, text in reader.all_terms()
            }
            lengths = {
                (docnum, field): reader.doc_field_length(docnum, field)
                for docnum in range(reader.doc_count_all())
                for field in ("name", "description", "keywords", "organisation")
            }
            columns = {
                name: list(reader.column_reader(name))
                for name in ("uid", "needs", "min_age", "max_age", "name_length", "sort_name")
            }
            return {"postings": postings, "lengths": lengths, "columns": columns}

    written = contents(bulk)
    assert written == contents(plain)
    assert len(written["postings"]) > 40  # type: ignore[arg-type]


def test_postings_read_block_by_block_match_whooshs_own_reading(
    session: Session, config: AuthorityConfig, index_dir: Path
) -> None:
    from directory.search.snapshot import read_postings

    services = [
        create_service(session, name=f"Club {n}", description_text="club " * (n % 4 + 1))
        for n in range(300)  # more than two posting blocks of 128
    ]
    rebuild(session, config, index_dir)
    # Updates delete documents from the rebuilt segment: its postings come filtered.
    for service in services[5:200:7]:
        service.name = f"Renamed club {service.name}"
        service.last_modified = utcnow()
    session.flush()
    update(session, config, index_dir, [s.id for s in services[5:200:7]])
    ix = whoosh_index.open_dir(str(index_dir / str(current_generation(index_dir)) / "whoosh"))
    with ix.reader() as reader:
        leaves = [leaf for leaf, _offset in reader.leaf_readers()]
        assert len(leaves) == 2 and leaves[0].has_deletions()
        for leaf in leaves:
            for fieldname, text in [("description", b"club"), ("name", b"club"), ("name", b"12")]:
                ids, weights = read_postings(leaf, fieldname, text.decode())
                # Deleted documents are left to each snapshot's live mask.
                read = [
                    (i, w)
                    for i, w in zip(ids.tolist(), weights.tolist(), strict=True)
                    if not leaf.is_deleted(i)
                ]
                assert read == list(leaf.postings(fieldname, text).items_as("weight"))
            assert read_postings(leaf, "description", "nosuchword")[0].size == 0
