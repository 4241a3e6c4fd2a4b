"""``laborscreen lists``: format detection, import, show, diff, update (offline and local)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner, Result

from laborscreen.cli import main
from laborscreen.errors import ListFormatError
from laborscreen.sources import ListFormat, detect_format, plan
from laborscreen.sources.download import DownloadError, Validators, download, remote_files
from laborscreen.store import ListStore

DATA = (Path(__file__).parents[1] / ".." / ".." / "shared" / "data" / "lists").resolve()

_RA = """<INDIVIDUAL><DATAID>1</DATAID>
<FIRST_NAME>RA</FIRST_NAME><SECOND_NAME>KY'ONG-SU</SECOND_NAME>
<UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPi.008</REFERENCE_NUMBER>
<LISTED_ON>2013-01-22</LISTED_ON><GENDER>Male</GENDER>
<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>{alias}</ALIAS_NAME></INDIVIDUAL_ALIAS>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1954-06-04</DATE>
</INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>"""
_KIM = """<INDIVIDUAL><DATAID>3</DATAID>
<FIRST_NAME>KIM</FIRST_NAME><SECOND_NAME>YONG CHOL</SECOND_NAME>
<UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPi.011</REFERENCE_NUMBER></INDIVIDUAL>"""
_MANSUDAE = """<ENTITY><DATAID>2</DATAID>
<FIRST_NAME>MANSUDAE OVERSEAS PROJECT GROUP OF COMPANIES</FIRST_NAME>
<UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPe.050</REFERENCE_NUMBER></ENTITY>"""


def un_xml(alias: str = "Ra Kyung-Su", with_kim: bool = False, date: str = "2026-02-27") -> str:
    people = _RA.format(alias=alias) + (_KIM if with_kim else "")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<CONSOLIDATED_LIST dateGenerated="{date}T00:00:09Z">'
        f"<INDIVIDUALS>{people}</INDIVIDUALS><ENTITIES>{_MANSUDAE}</ENTITIES></CONSOLIDATED_LIST>"
    )


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "home"
    monkeypatch.setenv("LABORSCREEN_HOME", str(path))
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["lists", *args])


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- format detection ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("content", un_xml(), ListFormat.UN),
        (
            "export.xml",
            '<?xml version="1.0"?>\n<!-- EU -->\n'
            '<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-01-01">'
            "</export>",
            ListFormat.EU_FSF,
        ),
        (
            "fsf.xml",
            '<ns2:export xmlns:ns2="http://eu.europa.eu/fsd/schema/export"></ns2:export>',
            ListFormat.EU_FSF,
        ),
        (
            "csl.csv",
            "source,entity_number,type,programs,name,title\nEntity List (EL),1,,,ACME,\n",
            ListFormat.US_CSL,
        ),
        ("uk.csv", "Report Date: 27-Feb-2026\nLast Updated,Unique ID,Name 6\n", ListFormat.GB_FCDO),
        ("uk.csv", "Last Updated,27/02/2026\nName 6,Name 1,Group ID\n", ListFormat.GB_FCDO),
        ("ours.csv", "id,name,birth_date\n7,Пак Сон Ир,1970\n", ListFormat.CUSTOM),
        ("ours.csv", "\ufeffId,Name\n7,Ким Чен Ын\n", ListFormat.CUSTOM),
        (
            "x.jsonl",
            '{"DATA_SOURCE":"OS_US_CONGRESS","RECORD_ID":"NK-1"}\n',
            ListFormat.OPENSANCTIONS_SENZING,
        ),
        (
            "x.json",
            '\n{"id":"NK-1","schema":"Person","properties":{"name":["김정은"]}}\n',
            ListFormat.OPENSANCTIONS_FTM,
        ),
    ],
)
def test_formats_are_detected_by_content(
    tmp_path: Path, name: str, text: str, expected: ListFormat
) -> None:
    assert detect_format(write(tmp_path / name, text)) is expected


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("a.xml", "<sdnList></sdnList>", "root element <sdnList>"),
        ("b.csv", "first,last\nKim,Jong Un\n", "unknown CSV list"),
        ("c.jsonl", '{"name":"x"}\n', "unknown JSON list"),
        ("d.jsonl", "{broken\n", "not JSON lines"),
        ("e.csv", "", "empty file"),
        ("alt.csv", '1,2,"aka","X",-0-\n', "pass the folder holding sdn.csv"),
    ],
)
def test_unknown_files_raise_naming_the_file(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = write(tmp_path / name, text)
    with pytest.raises(ListFormatError, match=message) as info:
        detect_format(path)
    assert info.value.path == str(path)


def test_folder_walk_groups_ofac_skips_readme_and_hidden(tmp_path: Path) -> None:
    ofac = tmp_path / "lists" / "ofac"
    write(
        ofac / "sdn.csv",
        '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n',
    )
    write(ofac / "alt.csv", '36,1,"aka","AERO-CARIBBEAN",-0-\n')
    write(ofac / "README.md", "OFAC 2021 files\n")
    write(tmp_path / "lists" / "un" / "consolidated.xml", un_xml())
    write(tmp_path / "lists" / ".DS_Store", "\x00\x01")
    planned = plan(tmp_path / "lists")
    assert [(p.format, p.path.name) for p in planned] == [
        (ListFormat.US_OFAC, "ofac"),
        (ListFormat.UN, "consolidated.xml"),
    ]
    # A bare sdn.csv stands for its set.
    assert plan(ofac / "sdn.csv")[0].path == ofac


def test_an_unrecognised_file_in_a_folder_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "lists" / "un.xml", un_xml())
    junk = write(tmp_path / "lists" / "notes.txt", "remember to update\n")
    with pytest.raises(ListFormatError) as info:
        plan(tmp_path / "lists")
    assert info.value.path == str(junk)


# -- import / show / diff --------------------------------------------------------


def test_import_then_show_then_reimport_unchanged(home: Path, tmp_path: Path) -> None:
    xml = write(tmp_path / "consolidated.xml", un_xml())
    result = run("import", str(xml))
    assert result.exit_code == 0, result.output
    assert "un: version 1, 2 entities (1 persons, 1 organisations), published 2026-02-27" in (
        result.output
    )
    assert (home / "laborscreen.db").is_file()

    shown = run("show")
    assert shown.exit_code == 0
    lines = shown.output.splitlines()
    assert lines[0].split() == [
        "source",
        "version",
        "published",
        "imported",
        "entities",
        "persons",
        "organisations",
        "checksum",
    ]
    assert lines[1].split()[:3] == ["un", "1", "2026-02-27"]
    assert lines[-1] == "total: 1 sources, 2 entities (1 persons, 1 organisations)"

    again = run("import", str(xml), "--json")
    assert again.exit_code == 0
    [version] = json.loads(again.output)["versions"]
    assert version["unchanged"] is True and version["id"] == 1

    data = json.loads(run("show", "--json").output)
    assert [v["entity_count"] for v in data["versions"]] == [2]
    assert len(data["fingerprint"]) == 64


def test_a_bad_path_changes_nothing_and_exits_2(home: Path, tmp_path: Path) -> None:
    good = write(tmp_path / "consolidated.xml", un_xml())
    bad = write(tmp_path / "roster.csv", "first,last\nKim,Jong Un\n")
    result = run("import", str(good), str(bad))
    assert result.exit_code == 2
    assert f"error: {bad} (line 1): unknown CSV list" in result.output
    assert "no lists imported yet" in run("show").output
    missing = run("import", str(tmp_path / "nope.xml"))
    assert missing.exit_code == 2
    assert f"error: {tmp_path / 'nope.xml'}: no such file" in missing.output


def test_diff_of_the_last_two_versions(home: Path, tmp_path: Path) -> None:
    assert "no source has two versions" in run("diff").output
    run("import", str(write(tmp_path / "v1" / "consolidated.xml", un_xml())))
    v2 = un_xml(alias="Ra Kyong-Su", with_kim=True, date="2026-03-01")
    assert run("import", str(write(tmp_path / "v2" / "consolidated.xml", v2))).exit_code == 0

    result = run("diff")
    assert result.exit_code == 0, result.output
    assert "un: version 1 -> 2: 1 added, 0 removed, 1 changed" in result.output
    assert "added: un:KPi.011" in result.output
    assert "changed: un:KPi.008 (names)" in result.output

    data = json.loads(run("diff", "1", "2", "--json").output)
    [diff] = data["diffs"]
    assert diff["added"] == ["un:KPi.011"]
    assert diff["changed_fields"] == {"un:KPi.008": ["names"]}
    assert json.loads(run("diff", "--source", "un", "--json").output) == data
    assert run("diff", "1").exit_code == 2  # OLD without NEW
    missing = run("diff", "1", "7")
    assert missing.exit_code == 2 and "no list version 7" in missing.output


FIXTURES = Path(__file__).parents[1] / "fixtures" / "lists"
GOOD_FIXTURES = (
    "un_small.xml",
    "eu_fsf_sample.xml",
    "ftm_sample.jsonl",
    "gb_fcdo_sample.csv",
    "custom_sample.csv",
)


def test_every_format_imports_in_one_call(home: Path) -> None:
    paths = [FIXTURES / name for name in GOOD_FIXTURES]
    if not all(path.is_file() for path in paths):
        pytest.skip("parser fixtures not present in tests/fixtures/lists")
    result = run("import", "--json", *map(str, paths))
    assert result.exit_code == 0, result.output
    sources = [v["source"] for v in json.loads(result.output)["versions"]]
    assert sources == ["un", "eu_fsf", "opensanctions", "gb_fcdo", "custom:custom_sample"]


def test_a_hostile_file_in_a_folder_stops_the_whole_import(home: Path) -> None:
    if not (FIXTURES / "un_billion_laughs.xml").is_file():
        pytest.skip("parser fixtures not present in tests/fixtures/lists")
    result = run("import", str(FIXTURES))
    assert result.exit_code == 2
    # Sorted walk: the good files before it were parsed, yet nothing was stored.
    assert f"error: {FIXTURES / 'un_billion_laughs.xml'}: refused unsafe XML" in result.output
    assert "no lists imported yet" in run("show").output


# -- update ----------------------------------------------------------------------


class _ListServer(BaseHTTPRequestHandler):
    """Serves ``files`` with an ETag and answers 304 to a matching If-None-Match."""

    files: ClassVar[dict[str, tuple[bytes, str]]] = {}
    seen: ClassVar[list[dict[str, Any]]] = []

    def do_GET(self) -> None:
        self.seen.append({"path": self.path, "if_none_match": self.headers.get("If-None-Match")})
        if self.path not in self.files:
            self.send_error(404)
            return
        body, etag = self.files[self.path]
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", "Fri, 27 Feb 2026 00:00:09 GMT")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _ListServer.files = {}
    _ListServer.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _ListServer)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_update_offline_keeps_the_previous_version(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("import", str(write(tmp_path / "consolidated.xml", un_xml())))
    # Port 9 (discard) on loopback: nothing listens there, the connection is refused.
    # An override ending in "/" is a base URL: the file name is appended.
    monkeypatch.setenv("LABORSCREEN_LIST_URL_UN", "http://127.0.0.1:9/")
    result = run("update", "--source", "un", "--timeout", "5")
    assert result.exit_code == 2
    assert "error: cannot download un from http://127.0.0.1:9/consolidated.xml: " in result.output
    assert "; the previous version (1, imported 20" in result.output
    assert ") stays in force" in result.output
    with ListStore(home / "laborscreen.db") as store:
        assert [v.id for v in store.current_versions()] == [1]


def test_update_downloads_then_gets_304_then_new_content(
    home: Path, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LABORSCREEN_LIST_URL_UN", f"{server}/un/consolidated.xml")
    _ListServer.files["/un/consolidated.xml"] = (un_xml().encode(), '"v1"')

    first = run("update", "--source", "un")
    assert first.exit_code == 0, first.output
    assert "un: new version 1, 2 entities (1 persons, 1 organisations)" in first.output
    saved = home / "downloads" / "un" / "consolidated.xml"
    assert saved.read_text(encoding="utf-8") == un_xml()
    assert [p.name for p in saved.parent.iterdir()] == ["consolidated.xml"]  # no .part left

    second = run("update", "--source", "un", "--json")
    assert second.exit_code == 0, second.output
    [outcome] = json.loads(second.output)["results"]
    assert outcome["status"] == "not_modified"
    assert _ListServer.seen[-1]["if_none_match"] == '"v1"'

    newer = un_xml(with_kim=True, date="2026-03-01").encode()
    _ListServer.files["/un/consolidated.xml"] = (newer, '"v2"')
    third = run("update", "--source", "un")
    assert third.exit_code == 0, third.output
    assert "un: new version 2, 3 entities" in third.output
    assert "1 added, 0 removed, 0 changed" in run("diff").output


def test_update_reports_unparseable_downloads_and_keeps_the_old_version(
    home: Path, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LABORSCREEN_LIST_URL_UN", f"{server}/un.xml")
    _ListServer.files["/un.xml"] = (b"<html>maintenance</html>", '"x"')
    result = run("update", "--source", "un")
    assert result.exit_code == 2
    assert "root element <html>" in result.output
    assert "no version of un is in the store yet" in result.output


def test_download_errors_and_limits(
    tmp_path: Path, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LABORSCREEN_LIST_URL_UN", f"{server}/missing.xml")
    with pytest.raises(DownloadError, match="HTTP 404"):
        download("un", tmp_path / "un")

    old = write(tmp_path / "un" / "consolidated.xml", "old")
    monkeypatch.setenv("LABORSCREEN_LIST_URL_UN", f"{server}/big.xml")
    _ListServer.files["/big.xml"] = (b"x" * 5000, '"big"')
    with pytest.raises(DownloadError, match="over the 1000 limit"):
        download("un", tmp_path / "un", max_bytes=1000)
    assert old.read_text() == "old"
    assert sorted(p.name for p in old.parent.iterdir()) == ["consolidated.xml"]


def test_multi_file_sources_take_a_base_url(
    tmp_path: Path, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LABORSCREEN_LIST_URL_US_OFAC", f"{server}/ofac")
    for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"):
        _ListServer.files[f"/ofac/{name}"] = (name.encode(), f'"{name}"')
    assert remote_files("us_ofac")[0].url == f"{server}/ofac/sdn.csv"
    result = download("us_ofac", tmp_path / "ofac")
    assert result.changed
    assert (tmp_path / "ofac" / "alt.csv").read_text() == "alt.csv"
    previous = {f.url: Validators(f.etag, f.last_modified) for f in result.files}
    # One file changes upstream: only it is fetched anew.
    _ListServer.files["/ofac/alt.csv"] = (b"alt v2", '"alt2"')
    again = download("us_ofac", tmp_path / "ofac", previous)
    assert [f.status for f in again.files] == [304, 200, 304, 304]
    assert (tmp_path / "ofac" / "alt.csv").read_text() == "alt v2"


# -- the real files ----------------------------------------------------------------


@pytest.mark.slow
def test_import_the_shared_lists_folder(home: Path) -> None:
    if not DATA.is_dir():
        pytest.skip(f"shared list data not found at {DATA}")
    result = run("import", str(DATA), "--json")
    assert result.exit_code == 0, result.output
    versions = {v["source"]: v for v in json.loads(result.output)["versions"]}
    assert set(versions) >= {"un", "us_ofac", "us_csl"}
    assert (versions["un"]["persons"], versions["un"]["organisations"]) == (730, 273)
    assert versions["us_ofac"]["entity_count"] > 8000
    shown = run("show")
    assert "total: " in shown.output
    again = json.loads(run("import", str(DATA), "--json").output)["versions"]
    assert all(v["unchanged"] for v in again)
