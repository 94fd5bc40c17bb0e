"""A private master sheet read through the Google Drive API with a service account (issue 16), end to end against
a fake Google on 127.0.0.1: a token endpoint that checks the RS256-signed JWT assertion made from a test key, and
a Drive export endpoint that answers as Drive does (good, no access, not found, slow, oversized, not an xlsx,
quota, export limit). Nothing reaches the internet."""

from __future__ import annotations

import base64
import http.server
import json
import socket
import threading
import time
import urllib.parse

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from generator import cli
from generator.pipeline import check
from generator.workbook import fetch
from generator.workbook.fetch import resolve_workbook, service_account_key
from generator.workbook.problems import UnusableWorkbook

TOKEN = "ya29.fake-access-token-never-shown-0123456789"
EMAIL = "portal-reader@office-portal.iam.gserviceaccount.com"
KEY_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f001234567"
TIMEOUT = 0.5  # seconds; the slow endpoints wait three times that


def _b64(data: str) -> bytes:
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))


def _private_pem(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeGoogle(http.server.BaseHTTPRequestHandler):
    """POST /token: Google's OAuth token endpoint for a JWT bearer grant. GET /drive/v3/files/ID/export and
    /drive/v3/files/ID?alt=media: Drive; what it answers depends on the file id's first word."""

    server: FakeServer

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes, kind="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:  # the client gave up (a timeout, or enough bytes for the cap)
            pass

    def _json(self, status: int, data: dict):
        self._send(status, json.dumps(data).encode())

    def _drive_error(self, status: int, reason: str):
        self._json(
            status,
            {
                "error": {
                    "code": status,
                    "message": f"fake {reason}",
                    "errors": [{"domain": "global", "reason": reason, "message": f"fake {reason}"}],
                }
            },
        )

    def do_POST(self):
        fake = self.server
        body = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        if self.path != "/token":
            return self._json(404, {"error": "not_found"})
        time.sleep(fake.token_delay)
        try:
            assertion = body["assertion"][0]
            assert body["grant_type"] == ["urn:ietf:params:oauth:grant-type:jwt-bearer"]
            head, claims, signature = assertion.split(".")
            header = json.loads(_b64(head))
            assert header["alg"] == "RS256" and header["kid"] == KEY_ID
            fake.public_key.verify(_b64(signature), f"{head}.{claims}".encode(), padding.PKCS1v15(), hashes.SHA256())
            claims = json.loads(_b64(claims))
            # google-auth always names Google's endpoint as the audience, whatever token_uri the key has
            assert claims["iss"] == EMAIL and claims["aud"] == "https://oauth2.googleapis.com/token"
            assert claims["scope"] == "https://www.googleapis.com/auth/drive.readonly"
            assert claims["iat"] - 5 <= time.time() < claims["exp"]
        except Exception:
            return self._json(400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."})
        fake.tokens_issued += 1
        self._json(200, {"access_token": TOKEN, "expires_in": 3599, "token_type": "Bearer"})

    def do_GET(self):
        fake = self.server
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        parts = url.path.split("/")  # '', drive, v3, files, ID[, export]
        if parts[:4] != ["", "drive", "v3", "files"] or len(parts) not in (5, 6):
            return self._drive_error(404, "notFound")
        file_id, export = parts[4], len(parts) == 6
        fake.requests.append((file_id, "export" if export else query.get("alt", [""])[0]))
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._drive_error(401, "authError")
        if export and query.get("mimeType") != [fetch.XLSX_MIME]:
            return self._drive_error(400, "badRequest")
        kind = file_id.split("-")[0]
        if kind == "uploaded":  # an .xlsx uploaded to Drive: not a Google Sheet, so not exportable
            if export:
                return self._drive_error(403, "fileNotExportable")
            return self._send(200, fake.xlsx, fetch.XLSX_MIME)
        if not export:
            return self._drive_error(400, "badRequest")
        if kind in ("good", "big"):
            return self._send(200, fake.xlsx, fetch.XLSX_MIME)
        if kind == "slow":
            time.sleep(3 * TIMEOUT)
            return self._send(200, fake.xlsx, fetch.XLSX_MIME)
        if kind == "html":
            return self._send(
                200, b"<!DOCTYPE html><html><body>Sign in - Google Accounts</body></html>", "text/html; charset=utf-8"
            )
        if kind == "noaccess":
            return self._drive_error(403, "insufficientPermissions")
        if kind == "quota":
            return self._drive_error(429, "rateLimitExceeded")
        if kind == "userquota":
            return self._drive_error(403, "userRateLimitExceeded")
        if kind == "huge":
            return self._drive_error(403, "exportSizeLimitExceeded")
        if kind == "apioff":
            return self._drive_error(403, "accessNotConfigured")
        return self._drive_error(404, "notFound")


class FakeServer(http.server.ThreadingHTTPServer):
    daemon_threads = True


@pytest.fixture
def google(rsa_key, make_workbook):
    server = FakeServer(("127.0.0.1", 0), FakeGoogle)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    server.public_key = rsa_key.public_key()
    server.token_uri = f"{base}/token"
    server.token_delay = 0
    server.tokens_issued = 0
    server.requests = []
    server.xlsx = make_workbook(name="served.xlsx").read_bytes()
    server.api = f"{base}/drive/v3"
    server.key = {
        "type": "service_account",
        "project_id": "office-portal",
        "private_key_id": KEY_ID,
        "private_key": _private_pem(rsa_key),
        "client_email": EMAIL,
        "client_id": "100000000000000000001",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": server.token_uri,
    }
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def fetch_drive(google, file_id, **kw):
    kw.setdefault("key", google.key)
    kw.setdefault("timeout", TIMEOUT)
    return resolve_workbook(f"gdrive:{file_id}", drive_api=google.api, **kw)


def refused(google, file_id, **kw) -> str:
    """The message of the UnusableWorkbook raised, checked to be Thai first and free of the key and the token."""
    with pytest.raises(UnusableWorkbook) as caught:
        fetch_drive(google, file_id, **kw)
    message = str(caught.value)
    thai, english = message.split(" / ", 1)  # Thai first, then English
    assert any("\u0e00" <= c <= "\u0e7f" for c in thai) and not any("\u0e00" <= c <= "\u0e7f" for c in english)
    assert TOKEN not in message and KEY_ID not in message and "PRIVATE KEY" not in message
    for line in google.key["private_key"].splitlines()[1:-1]:
        assert line not in message
    return message


def test_good_sheet_is_exported_privately_and_checks(google, tmp_path):
    path = fetch_drive(google, "good-sheet-0001")
    assert path.read_bytes() == google.xlsx
    assert google.tokens_issued == 1 and google.requests == [("good-sheet-0001", "export")]
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    portal, problems = check(path)
    assert portal is not None and len(portal.districts) == 3
    assert cli.main(["check", str(path)]) == cli.OK


def test_sheet_address_goes_through_drive_when_a_key_is_configured(google):
    path = resolve_workbook(
        "https://docs.google.com/spreadsheets/d/good-sheet-0002/edit#gid=0",
        key=google.key,
        drive_api=google.api,
        timeout=TIMEOUT,
    )
    assert path.read_bytes() == google.xlsx and google.requests == [("good-sheet-0002", "export")]


def test_key_is_read_from_the_environment(google, monkeypatch, tmp_path):
    monkeypatch.delenv(fetch.KEY_FILE_ENV, raising=False)
    monkeypatch.setenv(fetch.KEY_ENV, json.dumps(google.key))
    assert resolve_workbook("gdrive:good-sheet-0003", drive_api=google.api, timeout=TIMEOUT).is_file()
    key_file = tmp_path / "key.json"
    key_file.write_text(json.dumps(google.key))
    monkeypatch.setenv(fetch.KEY_ENV, "")  # an unset GitHub secret arrives empty
    monkeypatch.setenv(fetch.KEY_FILE_ENV, str(key_file))
    assert resolve_workbook("gdrive:good-sheet-0004", drive_api=google.api, timeout=TIMEOUT).is_file()
    assert google.tokens_issued == 2


def test_uploaded_xlsx_is_downloaded_as_it_is(google):
    assert fetch_drive(google, "uploaded-xlsx-0001").read_bytes() == google.xlsx
    assert google.requests == [("uploaded-xlsx-0001", "export"), ("uploaded-xlsx-0001", "media")]


def test_no_access_names_the_service_account_to_share_with(google):
    message = refused(google, "noaccess-sheet-01")
    assert message.startswith("ไม่มีสิทธิ์") and "no access" in message
    assert f"แชร์ชีตให้ {EMAIL} เป็นผู้มีสิทธิ์อ่าน (Viewer)" in message and f"share the sheet with {EMAIL}" in message


def test_not_found_says_missing_or_not_shared(google):
    message = refused(google, "missing-sheet-01")
    assert message.startswith("ไม่พบชีต missing-sheet-01 หรือยังไม่ได้แชร์")
    assert "not found" in message and "not shared" in message and EMAIL in message


def test_slow_export_is_a_network_timeout(google):
    started = time.monotonic()
    message = refused(google, "slow-sheet-0001")
    assert time.monotonic() - started < 3 * TIMEOUT
    assert message.startswith("เครือข่าย") and "หมดเวลา" in message and f"no answer within {TIMEOUT:g} s" in message


def test_slow_token_endpoint_is_a_network_timeout(google):
    google.token_delay = 3 * TIMEOUT
    message = refused(google, "good-sheet-0005")
    assert message.startswith("เครือข่าย") and "หมดเวลา" in message and "network" in message
    assert google.requests == []


def test_unreachable_token_endpoint_is_a_network_error(google):
    with socket.socket() as s:  # a port on 127.0.0.1 that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    key = dict(google.key, token_uri=f"http://127.0.0.1:{port}/token")
    message = refused(google, "good-sheet-0006", key=key)
    assert message.startswith("เครือข่าย") and "เชื่อมต่อไม่ได้" in message and f"127.0.0.1:{port}" in message


def test_oversized_export_stops_at_the_cap(google, tmp_path, monkeypatch):
    monkeypatch.setattr(fetch.tempfile, "tempdir", str(tmp_path))
    message = refused(google, "big-sheet-00001", cap=1000)
    assert "ใหญ่เกิน 1,000 bytes" in message and "too large" in message
    assert not list(tmp_path.glob("portal-workbook-*"))


def test_not_an_xlsx_is_refused_and_not_kept(google, tmp_path, monkeypatch):
    monkeypatch.setattr(fetch.tempfile, "tempdir", str(tmp_path))
    message = refused(google, "html-sheet-0001")
    assert "ไม่ใช่ไฟล์ .xlsx (ได้หน้าเว็บ (HTML))" in message and "not an .xlsx workbook (an HTML page)" in message
    assert not list(tmp_path.glob("portal-workbook-*"))  # the failed download is not left behind


@pytest.mark.parametrize("file_id", ["quota-sheet-0001", "userquota-sheet-01"])
def test_quota_says_try_later(google, file_id):
    message = refused(google, file_id)
    assert message.startswith("เกินโควตา") and "quota" in message and "try again later" in message


def test_drive_export_limit_and_disabled_api_are_named(google):
    assert "10 MB" in refused(google, "huge-sheet-00001")
    assert "Google Drive API" in refused(google, "apioff-sheet-001").split(" / ")[0]


def test_a_key_google_refuses(google):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key = dict(google.key, private_key=_private_pem(other))
    message = refused(google, "good-sheet-0007", key=key)
    assert message.startswith("Google ไม่ยอมรับกุญแจ") and "invalid_grant" in message and EMAIL in message
    for line in key["private_key"].splitlines()[1:-1]:
        assert line not in message
    assert google.tokens_issued == 0


def test_missing_or_broken_key_is_explained_without_quoting_it(google, tmp_path):
    message = refused(google, "good-sheet-0008", key=None)
    assert message.startswith("ยังไม่ได้ตั้งค่ากุญแจบัญชีบริการ")
    assert fetch.KEY_ENV in message and fetch.KEY_FILE_ENV in message
    assert "ขาด client_email" in refused(google, "good-sheet-0009", key={"type": "service_account"})
    secret = '{"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg'  # cut short: not JSON
    with pytest.raises(UnusableWorkbook) as caught:
        service_account_key({fetch.KEY_ENV: secret})
    assert "MIIEvQ" not in str(caught.value) and fetch.KEY_ENV in str(caught.value)
    assert service_account_key({}) is None and service_account_key({fetch.KEY_ENV: " "}) is None
    assert google.requests == []


def test_a_bad_file_id_is_refused_before_any_request(google):
    assert "file id" in refused(google, "../../etc/passwd")
    assert google.requests == [] and google.tokens_issued == 0
