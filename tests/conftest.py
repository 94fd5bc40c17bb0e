"""Test inputs built in code: a small workbook of three districts in two provinces."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from generator import pipeline, programme
from generator.pages import render
from generator.workbook.template import write_workbook

ROOT = Path(__file__).resolve().parent.parent

DISTRICTS = [
    dict(
        district_code="3101",
        province="บุรีรัมย์",
        district="เมืองบุรีรัมย์",
        network_name="เครือข่ายอำเภอเมืองบุรีรัมย์",
        target_participants=20,
        budget_allocated=25000,
        budget_spent=24500,
        meeting_date=dt.date(2023, 12, 8),
        meeting_venue="หอประชุมอำเภอ",
        visit_date=dt.date(2023, 12, 11),
        visit_group="กลุ่มออมทรัพย์เพื่อการผลิตบ้านบ่อทอง",
        participants=20,
        passed=17,
        plan_submitted=dt.date(2024, 1, 18),
        report_submitted=dt.date(2023, 12, 15),
        notes="",
        coordinator_name="สมศรี ใจดี",
        coordinator_phone="0812345678",
        coordinator_email="somsri@example.org",
        coordinator_national_id="1101700230708",
    ),
    dict(
        district_code="3102",
        province="บุรีรัมย์",
        district="คูเมือง",
        network_name="เครือข่ายอำเภอคูเมือง",
        target_participants=20,
        budget_allocated=25000,
        budget_spent=None,
        meeting_date=dt.date(2024, 1, 10),
        meeting_venue="ศาลาประชาคม",
        visit_date=None,
        visit_group=None,
        participants=18,
        passed=12,
        plan_submitted=None,
        report_submitted=None,
        coordinator_name="สมชาย มีสุข",
        coordinator_phone="0898765432",
    ),
    dict(
        district_code="5001",
        province="เชียงใหม่",
        district="เมืองเชียงใหม่",
        network_name="เครือข่ายอำเภอเมืองเชียงใหม่",
        target_participants=20,
        budget_allocated=25000,
    ),
]
PLANS = [
    dict(
        district_code="3101",
        item_no=1,
        activity="ทุนการศึกษาบุตรหลานสมาชิก",
        objective="ช่วยค่าเล่าเรียน",
        welfare_type="การศึกษา",
        target_group="บุตรหลานสมาชิก",
        target_count=30,
        budget=15000,
        budget_source="ผลกำไรกลุ่ม",
        start=dt.date(2024, 2, 1),
        end=dt.date(2024, 5, 31),
        responsible="เครือข่ายอำเภอเมืองบุรีรัมย์",
        indicator="ทุน 30 ทุน",
        status="กำลังดำเนินการ",
    ),
    dict(
        district_code="3101",
        item_no=2,
        activity="ฌาปนกิจสงเคราะห์สมาชิก",
        welfare_type="การเสียชีวิต",
        budget=20000,
        start=dt.date(2024, 3, 1),
        end=dt.date(2024, 9, 30),
        status="ยังไม่เริ่ม",
    ),
]
ABOUT = [dict(is_sample="ไม่ใช่", as_of=dt.date(2024, 2, 1), source="ชุดทดสอบ")]
# The Savings Festival: Buri Ram only, so Chiang Mai shows as not yet reported.
FESTIVAL = [
    dict(
        province_code="31",
        province="บุรีรัมย์",
        members_added=1250,
        amount_added=62500,
        special_members=320,
        special_amount=41000,
        new_members=85,
        deposit_reported=dt.date(2024, 1, 30),
        event_start=dt.date(2024, 3, 6),
        event_end=dt.date(2024, 3, 8),
        notes="จัดงานที่ศาลากลางจังหวัด",
    ),
]
# Provincial offices: the public contact of the seed letter, and a private contact person never published.
OFFICES = [
    dict(
        province_code="31",
        province="บุรีรัมย์",
        office_name="สำนักงานพัฒนาชุมชนจังหวัดบุรีรัมย์",
        address="ศาลากลางจังหวัดบุรีรัมย์ 1159 เขาคระโดง จังหวัดบุรีรัมย์ 31000",
        phone="0 4566 6512",
        email="saraban_buriram@cdd.mail.go.th",
        contact_name="วันเพ็ญ ศรีสุข",
        contact_mobile="0865550123",
        contact_email="wanpen@example.org",
    ),
    dict(
        province_code="50",
        province="เชียงใหม่",
        address="ศาลากลางจังหวัดเชียงใหม่",
        contact_name="ประยูร คำแก้ว",
        contact_mobile="0917770456",
    ),
]

# Savings Festival awards: a group of Mueang Buri Ram and a member in Khu Mueang, whose contacts are private.
AWARDS = [
    dict(
        award_type="กลุ่มออมทรัพย์เพื่อการผลิตดีเด่น",
        rank="ชนะเลิศ",
        province_code="31",
        district_code="3101",
        group_name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านบ่อทอง",
        citation="จัดสวัสดิการแก่สมาชิกครบทุกช่วงวัย",
        award_date=dt.date(2024, 3, 6),
    ),
    dict(
        award_type="สมาชิกดีเด่น",
        rank="ชนะเลิศ",
        province_code="31",
        district_code="3102",
        group_name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านโคกกลาง",
        awardee="นางบุญเรือน ขยันออม",
        award_date=dt.date(2024, 3, 6),
        awardee_phone="0861239876",
        awardee_address="88/2 หมู่ 4 ตำบลโคกกลาง",
        awardee_national_id="3310100512343",
    ),
]
DOCUMENTS = [dict(programme.SEED_LETTER)]  # the source letter, as in the default workbook


def small_rows() -> dict[str, list[dict]]:
    return copy.deepcopy(
        dict(
            districts=DISTRICTS,
            curriculum=list(programme.CURRICULUM),
            plans=PLANS,
            about=ABOUT,
            festival=FESTIVAL,
            provinces=OFFICES,
            awards=AWARDS,
            documents=DOCUMENTS,
        )
    )


@pytest.fixture
def make_workbook(tmp_path):
    """make_workbook(edit=None, name=...) -> path of a small valid workbook; `edit(rows)` changes it first."""

    def make(edit=None, name="master.xlsx") -> Path:
        rows = small_rows()
        if edit:
            edit(rows)
        path = tmp_path / name
        write_workbook(path, rows)
        return path

    return make


@pytest.fixture
def default_site_url(monkeypatch):
    """Pages whose QR codes point under site_url, rendered for mkdocs.yml's default address (as golden files are)."""
    monkeypatch.delenv("PORTAL_SITE_URL", raising=False)
    yield


SNIPPET_SENTINEL = "SNIPPET-SENTINEL-8f3a"


@pytest.fixture
def snippets_dir(tmp_path):
    """A docs folder for pymdownx.snippets holding a secret.md with SNIPPET_SENTINEL (no page may pull it in)."""
    folder = tmp_path / "snippet-docs"
    folder.mkdir()
    (folder / "secret.md").write_text(SNIPPET_SENTINEL + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def pages(make_workbook, default_site_url):
    """Every generated page of the small workbook, as Markdown, with QR codes under mkdocs.yml's default address."""
    portal, problems = pipeline.check(make_workbook())
    assert portal is not None, [str(p) for p in problems]
    return render.render_pages(portal)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The default workbook's (data/master.xlsx) full site with the fonts and scripts (docs/assets), built once per
    test session for every module that reads it or opens it in Chromium, and made read-only: no test may change
    what the others see. Serve it with tests.chromium.served (127.0.0.1) where a module needs a server."""
    import os
    import shutil

    from tests.test_site import make_project, mkdocs_build

    project = make_project(tmp_path_factory.mktemp("default-site") / "project")
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
    run = mkdocs_build(project, ROOT / "data" / "master.xlsx", timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    site = project / "site"
    tree = sorted(site.rglob("*"), reverse=True)  # files before the folders that hold them
    for path in tree:
        path.chmod(0o555 if path.is_dir() else 0o444)
    site.chmod(0o555)
    yield site
    for path in [site, *sorted(site.rglob("*"))]:  # writable again, so the session's temporary files can go
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert os.access(site, os.W_OK)
