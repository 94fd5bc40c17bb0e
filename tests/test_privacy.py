"""The leak scanner run after every build: planted private values must be found."""

import json

from generator.mkdocs_ext.leak_scan import scan
from generator.pipeline import check
from generator.workbook.privacy import private_values, valid_national_id
from generator.workbook.read import read_workbook

from .conftest import DISTRICTS


def _site(tmp_path, files):
    for rel, text in files.items():
        path = tmp_path / "site" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "site"


def test_national_id_checksum():
    assert valid_national_id("1101700230708")
    assert not valid_national_id("1101700230705")
    assert not valid_national_id("110170023070")


def test_finds_planted_ids_and_phones_in_any_form(tmp_path):
    site = _site(
        tmp_path,
        {
            "a/index.html": "<p>เลข 1-1017-00230-70-8</p>",
            "b/index.html": "<td>โทร 089 876 5432</td>",
            "c/data.csv": "code,x\n3101,1101700230708\n",
            "clean/index.html": "<p>งบประมาณ 21,950,000 บาท รหัส 3101 1101700230705 ปี 2567</p>",
        },
    )
    found = scan(site, set())
    assert found == [
        "a/index.html: เลขประจำตัวประชาชน / a national ID number",
        "b/index.html: หมายเลขโทรศัพท์มือถือ / a mobile phone number",
        "c/data.csv: เลขประจำตัวประชาชน / a national ID number",
    ]


def test_finds_private_names_even_when_json_escapes_thai(tmp_path, make_workbook):
    sheets, _ = read_workbook(make_workbook())
    private = private_values(sheets)
    assert DISTRICTS[0]["coordinator_name"] in private
    name = DISTRICTS[1]["coordinator_name"]
    site = _site(
        tmp_path,
        {
            "search/search_index.json": json.dumps({"docs": [{"text": f"ผู้ประสานงาน{name}"}]}),  # ensure_ascii
            "assets/javascripts/bundle.js": "var x = 1101700230708;",  # the theme's own files are not scanned
        },
    )
    assert scan(site, private) == ["search/search_index.json: ค่าจากคอลัมน์ที่ไม่เผยแพร่ / a value from a private column"]


def test_private_values_never_reach_the_model(make_workbook):
    portal, _ = check(make_workbook())
    text = repr(portal)
    for row in DISTRICTS:
        for key in ("coordinator_name", "coordinator_phone", "coordinator_email", "coordinator_national_id"):
            if row.get(key):
                assert row[key] not in text


def test_finds_values_inside_xlsx_and_gzip_downloads(tmp_path, make_workbook):
    import gzip
    import shutil

    from openpyxl import Workbook

    site = tmp_path / "site"
    (site / "downloads").mkdir(parents=True)
    book = Workbook()
    book.active["A1"] = "0891112222"  # a planted mobile number in a spreadsheet cell
    book.save(site / "downloads" / "data.xlsx")
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(b"<loc>x/3101700230704</loc>"))
    shutil.copy(make_workbook(), site / "downloads" / "clean.xlsx")  # carries private values
    sheets, _ = read_workbook(make_workbook())
    assert scan(site, private_values(sheets)) == [
        "downloads/clean.xlsx: เลขประจำตัวประชาชน / a national ID number",
        "downloads/clean.xlsx: หมายเลขโทรศัพท์มือถือ / a mobile phone number",
        "downloads/clean.xlsx: ค่าจากคอลัมน์ที่ไม่เผยแพร่ / a value from a private column",
        "downloads/data.xlsx: หมายเลขโทรศัพท์มือถือ / a mobile phone number",
        "sitemap.xml.gz: เลขประจำตัวประชาชน / a national ID number",
    ]


def test_office_landlines_are_not_mobile_numbers(tmp_path):
    site = _site(tmp_path, {"index.html": "<p>โทร./โทรสาร 0 4566 6512 โทรศัพท์ 02 141 6100, 0 2141 6143</p>"})
    assert scan(site, set()) == []


def test_finds_mobile_numbers_written_the_international_way(tmp_path):
    site = _site(
        tmp_path,
        {
            "a/index.html": "<p>โทร +66 81 234 5678</p>",
            "b/index.html": "<p>+66812345678</p>",
            "c/index.html": "<p>โทร +66 2141 6000</p>",
        },
    )  # the last is a Bangkok landline
    assert scan(site, set()) == [
        "a/index.html: หมายเลขโทรศัพท์มือถือ / a mobile phone number",
        "b/index.html: หมายเลขโทรศัพท์มือถือ / a mobile phone number",
    ]
