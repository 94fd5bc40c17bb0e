"""Where the workbook comes from, downloaded to a private temporary file when it is not a local path:

- a local path: used as it is;
- an https URL such as a link-shared Google Sheets export (…/export?format=xlsx);
- a private sheet read through the Google Drive API with a service account: `gdrive:FILE_ID`, or the sheet's
  own address (https://docs.google.com/spreadsheets/d/FILE_ID/edit…) when a service-account key is configured.
  The key is the JSON Google gives for a service account, read by `service_account_key()` from
  PORTAL_SERVICE_ACCOUNT_KEY (the JSON itself, as a CI secret) or GOOGLE_APPLICATION_CREDENTIALS (its path).

Every download has the same limits: at most `cap` bytes are kept (never more than cap + 1 read), each network
operation waits at most `timeout` seconds and the whole download at most DEADLINE_FACTOR times that; every
failure is an UnusableWorkbook whose message, Thai first, names the cause and never the key or the token."""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import tempfile
import time
import urllib.error
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING

from .problems import UnusableWorkbook

if TYPE_CHECKING:
    import urllib.request

MAX_DOWNLOAD = 50 * 1024 * 1024  # far above any real master sheet
DRIVE_API = "https://www.googleapis.com/drive/v3"
DRIVE_SCOPES = ["https://www.googleapis.com/auth/drive.readonly"]
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KEY_ENV, KEY_FILE_ENV = "PORTAL_SERVICE_ACCOUNT_KEY", "GOOGLE_APPLICATION_CREDENTIALS"
DEADLINE_FACTOR = 10  # a server trickling bytes cannot hold the build for longer than this many timeouts
CHUNK = 64 * 1024
ERROR_BODY = 64 * 1024  # of an HTTP error's body, enough for Drive's JSON error
ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip

_FROM_ENV = object()
_DRIVE_SOURCE = re.compile(r"gdrive:(?P<id>.*)", re.S)
# The sheet's own address, or a file uploaded to Drive: …/spreadsheets/d/ID/edit#gid=0, …/file/d/ID/view
_GOOGLE_URL = re.compile(r"https://(?:docs|drive)\.google\.com/(?:spreadsheets/|file/)(?:u/\d+/)?d/(?P<id>[^/?#]+)")
_FILE_ID = re.compile(r"[A-Za-z0-9_-]{10,200}")
_NO_ACCESS = {
    "insufficientPermissions",
    "forbidden",
    "insufficientFilePermissions",
    "appNotAuthorizedToFile",
    "PERMISSION_DENIED",
    "domainPolicy",
}
_QUOTA = {
    "rateLimitExceeded",
    "userRateLimitExceeded",
    "dailyLimitExceeded",
    "quotaExceeded",
    "sharingRateLimitExceeded",
    "RATE_LIMIT_EXCEEDED",
    "RESOURCE_EXHAUSTED",
}
_API_OFF = {"accessNotConfigured", "SERVICE_DISABLED"}


def resolve_workbook(
    source: str | Path, timeout: float = 60, *, key=_FROM_ENV, drive_api: str = DRIVE_API, cap: int | None = None
) -> Path:
    """The workbook as a local path. `key` is the service account's key (a dict of its JSON); by default it is
    read from the environment. `drive_api` is the Drive API's base URL (tests point it at 127.0.0.1)."""
    cap = MAX_DOWNLOAD if cap is None else cap  # looked up now: tests lower the module's cap
    text = str(source)
    drive = _DRIVE_SOURCE.fullmatch(text)
    google = _GOOGLE_URL.match(text)
    if found := drive or google:
        if key is _FROM_ENV:
            key = service_account_key()
        if drive or key is not None:
            file_id = found.group("id").strip()
            return _from_drive(file_id, key, timeout=timeout, drive_api=drive_api, cap=cap)
    if not text.startswith(("https://", "http://")):
        return Path(source)
    try:
        return _download(_request(text), timeout, cap)
    except _TooLarge:
        raise UnusableWorkbook(
            f"ไฟล์ใหญ่เกิน {_size(cap)} / the download is too large (over {_size(cap)}): {text}"
        ) from None
    except (OSError, _Timeout) as exc:
        raise UnusableWorkbook(f"ดาวน์โหลดสมุดงานไม่ได้ / cannot download the workbook from {text}: {exc}") from None


def service_account_key(environ=None) -> dict | None:
    """The service account's key from the environment, the only place it is read: PORTAL_SERVICE_ACCOUNT_KEY
    holding the JSON (an unset CI secret arrives as an empty string: not configured), else the file named by
    GOOGLE_APPLICATION_CREDENTIALS. None when neither is set."""
    environ = os.environ if environ is None else environ
    text = (environ.get(KEY_ENV) or "").strip()
    where = KEY_ENV
    if not text:
        path = (environ.get(KEY_FILE_ENV) or "").strip()
        if not path:
            return None
        where = f"{KEY_FILE_ENV} ({path})"
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise UnusableWorkbook(
                f"อ่านไฟล์กุญแจบัญชีบริการ {path} ไม่ได้ / cannot read the service-account key"
                f" file named by {KEY_FILE_ENV}: {type(exc).__name__}"
            ) from None
    try:
        info = json.loads(text)
    except ValueError:
        info = None  # the parser's message quotes the text: the key must not reach a log
    if not isinstance(info, dict):
        raise UnusableWorkbook(
            f"ค่าใน {where} ไม่ใช่ JSON ของกุญแจบัญชีบริการ ให้คัดลอกเนื้อหาไฟล์ .json"
            f" ที่ดาวน์โหลดจาก Google Cloud มาทั้งไฟล์ / {where} is not a service-account"
            " key's JSON; paste the whole downloaded .json file"
        )
    return info


class _TooLarge(Exception):
    pass


class _Timeout(Exception):
    pass


def _size(n: int) -> str:
    return f"{n // 2**20} MB" if n >= 2**20 else f"{n:,} bytes"


def _private_dir() -> Path:
    """A 0700 directory removed when the process ends: the file may hold private columns."""
    folder = Path(tempfile.mkdtemp(prefix="portal-workbook-"))  # mkdtemp makes it 0700
    atexit.register(shutil.rmtree, folder, True)
    return folder


def _request(url: str, headers: dict[str, str] | None = None) -> urllib.request.Request:
    # urllib.request brings http.client, email and ssl (a tenth of a second): imported only to download
    from urllib.request import Request

    return Request(url, headers=headers or {})


def _download(request: urllib.request.Request, timeout: float, cap: int) -> Path:
    """Stream the response into a new 0600 file; HTTPError, URLError, TimeoutError (OSErrors), _TooLarge and
    _Timeout propagate, and nothing is left behind when one does."""
    from urllib.request import urlopen

    deadline = time.monotonic() + timeout * DEADLINE_FACTOR
    folder = _private_dir()
    out = folder / "master.xlsx"
    try:
        with urlopen(request, timeout=timeout) as response:
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
            with os.fdopen(fd, "wb") as file:
                kept = 0
                while piece := response.read(min(CHUNK, cap + 1 - kept)):
                    kept += len(piece)
                    if kept > cap:
                        raise _TooLarge
                    file.write(piece)
                    if time.monotonic() > deadline:
                        raise _Timeout(f"the download took over {timeout * DEADLINE_FACTOR:g} s")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return out


# ------------------------------------------------------------------------------------------- Google Drive API


def _from_drive(file_id: str, key: dict | None, *, timeout: float, drive_api: str, cap: int) -> Path:
    if not _FILE_ID.fullmatch(file_id):
        raise UnusableWorkbook(
            f"รหัสชีต '{file_id[:80]}' ไม่ถูกต้อง ให้ใช้ส่วนระหว่าง /d/ กับ /edit ในที่อยู่ของชีต"
            f" / '{file_id[:80]}' is not a Google Drive file id (the part between /d/ and /edit)"
        )
    if key is None:
        raise UnusableWorkbook(
            f"ยังไม่ได้ตั้งค่ากุญแจบัญชีบริการ (service account) จึงอ่านชีต {file_id} ผ่าน Google Drive ไม่ได้:"
            f" ใส่เนื้อหาไฟล์กุญแจ JSON ในตัวแปร {KEY_ENV} หรือที่อยู่ของไฟล์ใน {KEY_FILE_ENV}"
            f" / no service-account key to read {file_id} through Google Drive:"
            f" set {KEY_ENV} to the key's JSON, or {KEY_FILE_ENV} to its path"
        )
    secrets = [str(key.get("private_key") or ""), str(key.get("private_key_id") or "")]
    try:
        token, email = _access_token(key, timeout)
        secrets.append(token)
        return _export(file_id, token, email, timeout=timeout, drive_api=drive_api, cap=cap)
    except UnusableWorkbook as exc:
        message = str(exc)
        for secret in filter(None, secrets):  # a last guard: no message ever carries the key or the token
            for line in secret.splitlines():
                if len(line.strip()) >= 8:
                    message = message.replace(line.strip(), "…")
        raise UnusableWorkbook(message) from None


def _access_token(key: dict, timeout: float) -> tuple[str, str]:
    """An OAuth access token for the service account, from the key's token_uri (a signed JWT assertion)."""
    try:
        import google.auth.exceptions
        import google.auth.transport.requests
        from google.oauth2 import service_account
    except ImportError:
        raise UnusableWorkbook(
            "ยังไม่ได้ติดตั้ง google-auth ให้ติดตั้งตาม requirements.txt / google-auth is not installed; install requirements.txt"
        ) from None
    missing = [f for f in ("client_email", "private_key", "token_uri") if not key.get(f)]
    if key.get("type") not in (None, "service_account") or missing:
        raise UnusableWorkbook(
            "กุญแจที่ตั้งไว้ไม่ใช่กุญแจ JSON ของบัญชีบริการ"
            + (f" (ขาด {', '.join(missing)})" if missing else "")
            + " ให้สร้างกุญแจชนิด JSON ของบัญชีบริการใหม่ใน Google Cloud Console / the key is not a service account's"
            " JSON key" + (f" (missing {', '.join(missing)})" if missing else "") + "; create a new JSON key"
        )
    email = str(key["client_email"])
    try:
        credentials = service_account.Credentials.from_service_account_info(key, scopes=DRIVE_SCOPES)
    except Exception as exc:  # a damaged private key: cryptography's message does not quote it
        raise UnusableWorkbook(
            f"อ่านกุญแจบัญชีบริการ {email} ไม่ได้ (กุญแจเสียหาย) ให้สร้างกุญแจ JSON ใหม่"
            f" / the service-account key of {email} is damaged ({type(exc).__name__});"
            " create a new JSON key"
        ) from None
    request = _Timed(google.auth.transport.requests.Request(), timeout)
    host = urllib.parse.urlsplit(str(key["token_uri"])).netloc
    try:
        credentials.refresh(request)
    except google.auth.exceptions.RefreshError as exc:
        detail = _refresh_detail(exc)
        raise UnusableWorkbook(
            f"Google ไม่ยอมรับกุญแจของบัญชีบริการ {email} ({detail}) กุญแจอาจถูกลบ หมดอายุ หรือบัญชีบริการถูกปิด"
            f" ให้สร้างกุญแจ JSON ใหม่แล้วใส่ใน secret {KEY_ENV} / Google refused the key of the service account"
            f" {email} ({detail}): it may have been deleted or disabled; create a new JSON key"
        ) from None
    except google.auth.exceptions.TransportError as exc:
        raise _network(host, timeout, exc) from None
    return str(credentials.token), email


class _Timed:
    """google-auth's requests transport with this download's timeout (google-auth passes none of its own)."""

    def __init__(self, request, timeout: float):
        self.request, self.timeout = request, timeout

    def __call__(self, *args, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        return self.request(*args, **kwargs)


def _refresh_detail(exc: Exception) -> str:
    """The token endpoint's error code and description, as short text (never the whole response)."""
    data = exc.args[1] if len(exc.args) > 1 else None
    if isinstance(data, dict):
        text = ": ".join(str(data[k]) for k in ("error", "error_description") if data.get(k))
    else:
        text = str(exc.args[0]) if exc.args else ""
    text = re.sub(r"\s+", " ", text).strip()[:160]
    return text or type(exc).__name__


def _network(host: str, timeout: float, exc: BaseException) -> UnusableWorkbook:
    slow = _is_timeout(exc)
    cause = f"หมดเวลา ไม่ตอบภายใน {timeout:g} วินาที" if slow else "เชื่อมต่อไม่ได้"
    why = f"no answer within {timeout:g} s" if slow else type(exc).__name__
    return UnusableWorkbook(
        f"เครือข่าย: ติดต่อ {host} ไม่ได้ ({cause}) ตรวจการเชื่อมต่อแล้วลองใหม่"
        f" / network: cannot reach {host} ({why}); check the connection and try again"
    )


def _is_timeout(exc: BaseException | None) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if (
            isinstance(exc, (TimeoutError, _Timeout))
            or "timed out" in str(exc).lower()
            or type(exc).__name__.endswith("Timeout")
        ):
            return True
        if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, BaseException):
            exc = exc.reason
            continue
        exc = exc.__cause__ or exc.__context__ or next((a for a in exc.args if isinstance(a, BaseException)), None)
    return False


def _export(file_id: str, token: str, email: str, *, timeout: float, drive_api: str, cap: int) -> Path:
    """files.export as .xlsx; a file uploaded to Drive as .xlsx (not a Google Sheet) cannot be exported and is
    downloaded as it is (alt=media)."""
    base = f"{drive_api.rstrip('/')}/files/{urllib.parse.quote(file_id)}"
    attempts = [
        f"{base}/export?" + urllib.parse.urlencode({"mimeType": XLSX_MIME}),
        f"{base}?" + urllib.parse.urlencode({"alt": "media", "supportsAllDrives": "true"}),
    ]
    host = urllib.parse.urlsplit(drive_api).netloc
    for url in attempts:
        request = _request(url, {"Authorization": f"Bearer {token}"})
        try:
            out = _download(request, timeout, cap)
        except urllib.error.HTTPError as exc:
            reasons = _reasons(exc)
            if exc.code in (400, 403) and "fileNotExportable" in reasons and url is attempts[0]:
                continue
            raise _drive_error(exc.code, reasons, file_id, email) from None
        except _TooLarge:
            raise UnusableWorkbook(
                f"ชีต {file_id} ใหญ่เกิน {_size(cap)} ให้ลบแถวว่าง รูปภาพ หรือชีตที่ไม่ใช้ออก"
                f" / the sheet {file_id} is too large (over {_size(cap)}); delete empty rows, images or unused sheets"
            ) from None
        except (OSError, _Timeout) as exc:
            raise _network(host, timeout, exc) from None
        with out.open("rb") as file:
            head = file.read(512)
        if not head.startswith(ZIP_MAGIC):
            shutil.rmtree(out.parent, ignore_errors=True)
            what = (
                ("ได้หน้าเว็บ (HTML)", "an HTML page")
                if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
                else (("ไฟล์ว่าง", "an empty body") if not head else ("ไฟล์ชนิดอื่น", "another kind of file"))
            )
            raise UnusableWorkbook(
                f"สิ่งที่ Google Drive ส่งมาสำหรับชีต {file_id} ไม่ใช่ไฟล์ .xlsx ({what[0]}) ตรวจว่ารหัสเป็นของ"
                f" Google Sheets หรือไฟล์ .xlsx / what Google Drive sent for {file_id} is not an .xlsx workbook"
                f" ({what[1]}); check the id is a Google Sheet's or an .xlsx file's"
            )
        return out
    raise AssertionError("unreachable")


def _reasons(exc: urllib.error.HTTPError) -> set[str]:
    """The reason codes of a Drive error: error.errors[].reason, error.status, error.details[].reason."""
    try:
        data = json.loads(exc.read(ERROR_BODY).decode("utf-8", "replace"))
    except (OSError, ValueError):
        return set()
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, dict):
        return set()
    found = {str(error["status"])} if error.get("status") else set()
    for item in (error.get("errors") or []) + (error.get("details") or []):
        if isinstance(item, dict) and item.get("reason"):
            found.add(str(item["reason"]))
    return found


def _drive_error(status: int, reasons: set[str], file_id: str, email: str) -> UnusableWorkbook:
    said = f"HTTP {status}" + (f" {', '.join(sorted(reasons))}" if reasons else "")
    if status == 429 or reasons & _QUOTA:
        return UnusableWorkbook(
            f"เกินโควตาการใช้ Google Drive API ({said}) ให้ลองใหม่ภายหลัง"
            f" / Google Drive API quota exceeded ({said}); try again later"
        )
    if "exportSizeLimitExceeded" in reasons:
        return UnusableWorkbook(
            f"ชีต {file_id} ใหญ่เกินกว่าที่ Google Drive ส่งออกได้ (10 MB) ให้ลบแถวว่าง รูปภาพ หรือชีตที่ไม่ใช้ออก"
            f" / the sheet {file_id} is over Google Drive's 10 MB export limit ({said});"
            " delete empty rows, images or unused sheets"
        )
    if reasons & _API_OFF:
        return UnusableWorkbook(
            f"ยังไม่ได้เปิดใช้ Google Drive API ในโปรเจกต์ Google Cloud ของบัญชีบริการ {email} ({said})"
            f" ให้เปิดที่ APIs & Services > Library > Google Drive API / the Google Drive API is not enabled in the"
            f" service account's project ({said}); enable it under APIs & Services > Library"
        )
    if status == 404:
        return UnusableWorkbook(
            f"ไม่พบชีต {file_id} หรือยังไม่ได้แชร์ให้บัญชีบริการ (Google Drive ตอบว่าไม่พบทั้งสองกรณี)"
            f" ตรวจรหัสชีต แล้วแชร์ชีตให้ {email} เป็นผู้มีสิทธิ์อ่าน (Viewer)"
            f" / not found: the sheet {file_id} does not exist or is not shared with the service account"
            f" (Drive says 404 for both); check the id and share the sheet with {email} as Viewer"
        )
    if status == 403 or reasons & _NO_ACCESS:
        return UnusableWorkbook(
            f"ไม่มีสิทธิ์: บัญชีบริการอ่านชีต {file_id} ไม่ได้ ({said}) ให้แชร์ชีตให้ {email}"
            f" เป็นผู้มีสิทธิ์อ่าน (Viewer) / no access: the service account cannot read {file_id} ({said});"
            f" share the sheet with {email} as Viewer"
        )
    if status == 401:
        return UnusableWorkbook(
            f"Google Drive ไม่ยอมรับสิทธิ์ของบัญชีบริการ {email} ({said}) ให้สร้างกุญแจ JSON ใหม่"
            f" / Google Drive refused the service account's token ({said}); create a new key"
        )
    if status >= 500:
        return UnusableWorkbook(
            f"Google Drive ขัดข้องชั่วคราว ({said}) ให้ลองใหม่ภายหลัง / Google Drive failed ({said}); try again later"
        )
    return UnusableWorkbook(f"Google Drive ไม่ส่งชีต {file_id} ({said}) / Google Drive refused the export ({said})")
