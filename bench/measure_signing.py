"""Signing an outgoing document: our chain (leader, số, organisation) against bare pyHanko.

    python -m bench.measure_signing [--runs 20] [--warmups 2] [--work DIR] [--gc-freeze]

One run, one process. A demo CA issues the leader's and the ward's keys, as .p12 files and,
generated on two SoftHSM2 tokens made in a temporary SOFTHSM2_CONF folder, as token keys. The
document is a 2-page decision laid out like our template (the number and date left blank, the
signature block on page 2). Each case runs `--warmups` times untimed, then `--runs` times:

- (a) the full chain with .p12 keys through the real services on a temporary space:
  `prepare_final` (locate the fields, create them), `sign` (leader, LeaderAppearance) and `issue`
  (claim the số, `add_number`, organisation, SealAppearance), each with its key opened, its blob
  stored and its op committed; then the same core calls on bytes with keys already opened;
- (b) the same with both keys on SoftHSM2 (the PIN login is part of each service step);
- (c) validating the issued file (`inspect_pdf_signatures` with the demo root as trust root);
- (d) a bare pyHanko signature of the same unsigned file: `pyhanko.sign.signers.sign_pdf` with a
  stock `SimpleSigner` loaded once from the leader's .p12, invisible, in a new field, no
  appearance; and the same with our signer backend (which keeps the parsed key).

Prints Markdown tables (median and p95 wall time, median CPU time of the process, in ms), the
ratios to the bare signature (against each of the two bare variants: the stock SimpleSigner
parses and checks the RSA key at every signature, ours once), and the peak RSS of each part.
`--gc-freeze` moves everything made during the set-up out of the collector's reach
(`gc.freeze()`), to see what the full collections that fontTools' garbage triggers cost.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import keyring.backends.fail

from app.documents.demo_pdf import DemoDocument, render_pdf
from app.journal.reducers.settings import ORG_OWNER
from app.models.enums import Role
from app.services.auth import CurrentUser
from app.services.demo import DEMO_PASSWORD, ORG
from app.services.directory import UserInfo
from app.services.outgoing_dto import DraftForm
from app.services.outgoing_queries import issued_date_text
from app.services.signing import SignerConfig
from app.services.space import AdminInfo, Space, create_space
from app.signing import demo_images, demo_pki
from app.signing.signers import Signer, TokenConfig, load_pkcs12_file, open_token
from app.timeutil import SystemClock, today_vn

SOFTHSM_MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)
TOKEN_PIN = "246810"
SO_PIN = "12345678"
LEADER = ("chutich", "Trần Văn Nam", "Chủ tịch")
NOTATION = "QĐ-UBND"
AUTHORITY, POSITION = "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
SUMMARY = "Về việc thành lập Tổ kiểm tra trật tự xây dựng trên địa bàn phường"
_BLANK = "\u00a0" * 8  # the printed gaps the number and the date are written into
_ARTICLE = (
    "Tổ kiểm tra có nhiệm vụ kiểm tra, phát hiện, lập biên bản và đề xuất xử lý các trường hợp "
    "xây dựng không phép, sai phép, lấn chiếm vỉa hè, lòng đường trên địa bàn phường; tổng hợp, "
    "báo cáo kết quả hằng tuần cho Chủ tịch Ủy ban nhân dân phường."
)
BODY = (
    "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;",
    "Căn cứ Luật Xây dựng năm 2014, được sửa đổi, bổ sung năm 2020;",
    "Xét đề nghị của công chức Địa chính - Xây dựng.",
    *(f"Điều {n}. {_ARTICLE}" for n in range(1, 12)),
    "Văn phòng - Thống kê, các bộ phận chuyên môn và các cá nhân có tên tại Điều 1 chịu trách "
    "nhiệm thi hành Quyết định này./.",
)


@dataclass(frozen=True)
class Keys:
    """The demo CA and the two keys, as .p12 files and (if SoftHSM2 is here) on tokens."""

    ca: demo_pki.DemoCa
    ca_file: Path
    leader_p12: Path
    organisation_p12: Path
    leader_token: TokenConfig | None
    organisation_token: TokenConfig | None


# -- set-up (not timed)


def unsigned_pdf(year: int) -> bytes:
    """A 2-page decision as our template lays it out: blank số and date, signature on page 2."""
    return render_pdf(
        DemoDocument(
            issuing_parent=ORG.parent_name,
            issuing_agency=ORG.name,
            code=f"{_BLANK}/{NOTATION}",
            place=ORG.place_name,
            date=dt.date(year, 1, 1),
            type_name="Quyết định",
            summary=SUMMARY,
            body=BODY,
            signer_position=f"{AUTHORITY}\n{POSITION}",
            signer_name=LEADER[1],
            recipients=["Như Điều 3;", "UBND Thành phố;", "Lưu: VT."],
            date_line=f"{ORG.place_name}, ngày {_BLANK} tháng {_BLANK} năm {year}",
        )
    )


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def make_keys(folder: Path) -> Keys:
    """The demo CA, the leader's and the ward's .p12, and the same identities on SoftHSM2."""
    folder.mkdir(parents=True)
    ca = demo_pki.DemoCa.create()
    ca_file = folder / "demo-ca.crt"
    ca_file.write_bytes(ca.identity.pem)
    leader_p12, organisation_p12 = folder / "chutich.p12", folder / "coquan.p12"
    leader_p12.write_bytes(ca.issue(LEADER[1], ORG.name).pkcs12(DEMO_PASSWORD))
    organisation_p12.write_bytes(ca.issue(ORG.name, ORG.name).pkcs12(DEMO_PASSWORD))
    tokens = make_tokens(folder / "softhsm", ca)
    return Keys(
        ca,
        ca_file,
        leader_p12,
        organisation_p12,
        tokens[0] if tokens else None,
        tokens[1] if tokens else None,
    )


def make_tokens(folder: Path, ca: demo_pki.DemoCa) -> tuple[TokenConfig, TokenConfig] | None:
    """Two SoftHSM2 tokens (the leader's, the ward's), each with an RSA-2048 key generated on it
    (not extractable) and the CA's certificate for it. None when SoftHSM2 is not installed."""
    module = next((m for m in SOFTHSM_MODULES if Path(m).is_file()), None)
    util = shutil.which("softhsm2-util")
    if module is None or util is None:
        return None
    (folder / "tokens").mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n"
        "log.level = ERROR\n",
        encoding="utf-8",
    )
    os.environ["SOFTHSM2_CONF"] = str(conf)  # before the module is first loaded
    owners = (("BENCH-LEADER", LEADER[1]), ("BENCH-ORG", ORG.name))
    for label, _name in owners:  # all tokens first: SoftHSM2 reads its folder when loaded
        subprocess.run(
            [
                util,
                "--init-token",
                "--free",
                "--label",
                label,
                "--so-pin",
                SO_PIN,
                "--pin",
                TOKEN_PIN,
            ],
            check=True,
            capture_output=True,
        )
    for label, common_name in owners:
        _key_on_token(module, label, common_name, ca)
    return TokenConfig(module, owners[0][0]), TokenConfig(module, owners[1][0])


def _key_on_token(module: str, label: str, common_name: str, ca: demo_pki.DemoCa) -> None:
    import pkcs11
    from cryptography.hazmat.primitives.asymmetric import rsa
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass

    token = pkcs11.lib(module).get_token(token_label=label)
    with token.open(rw=True, user_pin=TOKEN_PIN) as session:
        public, _private = session.generate_keypair(
            KeyType.RSA,
            2048,
            id=b"\x01",
            label="key",
            store=True,
            private_template={
                Attribute.SENSITIVE: True,
                Attribute.EXTRACTABLE: False,
                Attribute.SIGN: True,
            },
        )
        public_key = rsa.RSAPublicNumbers(
            int.from_bytes(public[Attribute.PUBLIC_EXPONENT], "big"),
            int.from_bytes(public[Attribute.MODULUS], "big"),
        ).public_key()
        identity = ca.issue(common_name, ORG.name, public_key=public_key)
        for object_label, object_id, cert in (
            ("key", b"\x01", identity),
            ("ca", b"\xca", ca.identity),
        ):
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.PRIVATE: False,
                    Attribute.LABEL: object_label,
                    Attribute.ID: object_id,
                    Attribute.SUBJECT: cert.certificate.subject.public_bytes(),
                    Attribute.VALUE: cert.der,
                }
            )


class Ward:
    """A temporary space: admin, clerk, leader, one official; images set, the demo CA trusted."""

    def __init__(self, root: Path, keys: Keys) -> None:
        self.space = create_space(
            root,
            ORG,
            AdminInfo("quantri", "Quản trị viên", DEMO_PASSWORD),
            # a bare box: keys in per-user encrypted files, as on Linux without a keyring
            keyring_backend=keyring.backends.fail.Keyring(),  # type: ignore[no-untyped-call]
        )
        d = self.space.directory
        for login, name, position, roles in (
            ("vanthu", "Nguyễn Thị Hoa", "Văn thư", {Role.CLERK}),
            (*LEADER, {Role.LEADER}),
            ("canbo", "Lê Văn Ba", "Chuyên viên", {Role.OFFICIAL}),
        ):
            d.create_user(
                UserInfo("", login, name, position, None, frozenset(roles)), DEMO_PASSWORD
            )
        self.users = {
            u.login: CurrentUser(u.id, u.login, u.full_name, u.position, u.unit_id, u.roles)
            for u in d.users()
        }
        self.ids = {login: user.id for login, user in self.users.items()}
        self.act("chutich").signing.set_signature_image(demo_images.signature_png(LEADER[1]))
        self.act("vanthu").signing.set_seal_image(
            demo_images.seal_png(ORG.name, ORG.place_name), 35.0
        )
        self.act("quantri").signing.import_trust_roots([keys.ca_file])

    def act(self, login: str) -> Space:
        """Act as `login` without the cost of a password check (or of a query)."""
        self.space.auth.set(self.users[login])
        return self.space

    def use_keys(self, leader: SignerConfig, organisation: SignerConfig) -> None:
        self.act("chutich").signing.set_signer_config(self.ids["chutich"], leader)
        self.act("vanthu").signing.set_signer_config(ORG_OWNER, organisation)

    def approved(self, pdf: Path) -> str:
        """A decision uploaded as a PDF, through both reviews and the leader's approval."""
        form = DraftForm(
            doc_type="quyet_dinh",
            summary=SUMMARY,
            signer_id=self.ids["chutich"],
            signer_authority=AUTHORITY,
            signer_position=POSITION,
            recipients_text="- Như Điều 3;\n- Lưu: VT.",
        )
        doc_id = self.act("canbo").outgoing.new_draft(form, pdf)
        self.space.outgoing.submit(doc_id, self.ids["vanthu"])
        self.act("vanthu").outgoing.approve_content(doc_id)
        self.space.outgoing.approve_form(doc_id)
        self.act("chutich").outgoing.approve(doc_id)
        return doc_id

    def issued_pdf(self, doc_id: str) -> bytes:
        outgoing = self.space.outgoing
        return outgoing.file_bytes(outgoing.detail(doc_id).pdf_blob or "")


# -- the cases (each returns the seconds of its steps)

Steps = dict[str, float]
CPU = " (CPU)"


class Clock:
    """Laps of one run: `lap(name)` records the wall time since the previous lap, and the CPU
    time of the process (all its threads) as `name` + CPU."""

    def __init__(self) -> None:
        self.steps: Steps = {}
        self._last = time.perf_counter(), time.process_time()

    def lap(self, name: str) -> None:
        now = time.perf_counter(), time.process_time()
        self.steps[name] = now[0] - self._last[0]
        self.steps[name + CPU] = now[1] - self._last[1]
        self._last = now


def service_chain(ward: Ward, pdf: Path, secret: str, issued: list[str]) -> Steps:
    """prepare_final + sign + issue of a freshly approved document (approval not timed)."""
    doc_id = ward.approved(pdf)
    clock = Clock()
    ward.act("vanthu").outgoing.prepare_final(doc_id, pdf)
    clock.lap("prepare_final")
    ward.act("chutich").outgoing.sign(doc_id, secret)
    clock.lap("sign")
    ward.act("vanthu").outgoing.issue(doc_id, secret)
    clock.lap("issue")
    issued.append(doc_id)
    return clock.steps


@dataclass(frozen=True)
class Images:
    signature: bytes
    seal: bytes


def core_chain(
    unsigned: bytes, leader: Signer, organisation: Signer, images: Images, roots: list[Any]
) -> Steps:
    """What the three service steps do to the bytes, with the keys already opened."""
    from app.signing.appearance import LeaderAppearance, SealAppearance, load_image
    from app.signing.fields import LEADER_FIELD, ORGANISATION_FIELD
    from app.signing.locate import locate_layout, number_positions, prepare_for_signing
    from app.signing.sign import add_number, sign_pdf

    now = dt.datetime.now(dt.UTC)
    common: dict[str, Any] = {"timestamper_url": None, "lt": False, "trust_roots": roots}
    clock = Clock()
    layout = locate_layout(
        unsigned,
        signer_position=POSITION,
        signer_name=LEADER[1],
        signature=load_image(images.signature, what="signature"),
        seal=load_image(images.seal, what="seal"),
        seal_diameter_mm=35.0,
    )
    prepared = prepare_for_signing(unsigned, layout)
    clock.lap("locate + prepare fields")
    leader_signed = sign_pdf(
        prepared, LEADER_FIELD, leader, LeaderAppearance(images.signature), now=now, **common
    )
    clock.lap("sign_pdf leader")
    numbered = add_number(
        leader_signed,
        "01",
        issued_date_text(ORG.place_name, today_vn(SystemClock())),
        number_positions(leader_signed),
    )
    clock.lap("add_number")
    sign_pdf(
        numbered, ORGANISATION_FIELD, organisation, SealAppearance(images.seal), now=now, **common
    )
    clock.lap("sign_pdf organisation")
    return clock.steps


def bare_signature(unsigned: bytes, backend: Any) -> Steps:
    """pyHanko alone: an invisible PAdES signature in a new field, no appearance."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    clock = Clock()
    writer = IncrementalPdfFileWriter(BytesIO(unsigned))
    metadata = signers.PdfSignatureMetadata(
        field_name="Bare", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    out = BytesIO()
    signers.sign_pdf(writer, metadata, signer=backend, output=out)
    clock.lap("sign")
    return clock.steps


def validation(issued: bytes, roots: list[Any]) -> Steps:
    from app.signing.validate import inspect_pdf_signatures

    clock = Clock()
    infos = inspect_pdf_signatures(issued, roots)
    clock.lap("inspect_pdf_signatures")
    assert [(i.intact, i.valid, i.trusted) for i in infos] == [(True, True, True)] * 2, infos
    return clock.steps


# -- measuring


@dataclass(frozen=True)
class Series:
    """The timed runs of one case: wall and CPU seconds per step, then per run."""

    case: str
    steps: dict[str, list[float]]
    cpu: dict[str, list[float]]
    totals: list[float]
    cpu_totals: list[float]


def repeat(case: str, run: Callable[[], Steps], runs: int, warmups: int) -> Series:
    for _ in range(warmups):
        run()
    results = [run() for _ in range(runs)]
    names = [name for name in results[0] if not name.endswith(CPU)]
    series = Series(
        case,
        {name: [r[name] for r in results] for name in names},
        {name: [r[name + CPU] for r in results] for name in names},
        [sum(r[name] for name in names) for r in results],
        [sum(r[name + CPU] for name in names) for r in results],
    )
    print(f"  {case}: median {ms(statistics.median(series.totals))} ms", file=sys.stderr)
    return series


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def peak_rss_mib() -> float:
    """The process's peak RSS since the start or the last `reset_peak_rss`."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def reset_peak_rss() -> bool:
    """Start a new peak (Linux ≥ 4.0), so each part shows its own; False if not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


def rss_mib() -> float | None:
    """The process's RSS now (Linux), None where /proc is not there."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return None
    return (
        next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
        / 1024
    )


class PeakRss:
    """The RSS at the start of each part of the run and its peak during the part (since the
    start of the process if the peak cannot be reset)."""

    def __init__(self) -> None:
        self.parts: dict[str, tuple[float | None, float]] = {}
        self.resets = True
        self._start: float | None = rss_mib()

    def part(self, name: str) -> None:
        self.parts[name] = (self._start, max(self._start or 0.0, peak_rss_mib()))
        self.resets = reset_peak_rss() and self.resets
        self._start = rss_mib()


@contextmanager
def opened_tokens(keys: Keys) -> Iterator[tuple[Signer, Signer] | None]:
    if keys.leader_token is None or keys.organisation_token is None:
        yield None
        return
    with ExitStack() as stack:
        leader = stack.enter_context(open_token(keys.leader_token, TOKEN_PIN))
        organisation = stack.enter_context(open_token(keys.organisation_token, TOKEN_PIN))
        yield leader, organisation


def token_login(config: TokenConfig) -> Steps:
    clock = Clock()
    with open_token(config, TOKEN_PIN):
        clock.lap("open_token (find, log in, key and certificate)")
    return clock.steps


def pkcs12_open(path: Path) -> Steps:
    clock = Clock()
    load_pkcs12_file(path, DEMO_PASSWORD)
    clock.lap("load_pkcs12_file")
    return clock.steps


def measure(
    work: Path, runs: int, warmups: int, gc_freeze: bool = False
) -> tuple[list[Series], PeakRss, str]:
    """Every case, in this order; returns the series, the peak RSS after each part, notes."""
    from pyhanko.sign.signers import SimpleSigner

    rss = PeakRss()
    keys = make_keys(work / "keys")
    year = today_vn(SystemClock()).year
    unsigned = unsigned_pdf(year)
    pages = page_count(unsigned)
    assert pages == 2, pages
    pdf = work / "quyet-dinh.pdf"
    pdf.write_bytes(unsigned)
    images = Images(
        demo_images.signature_png(LEADER[1]), demo_images.seal_png(ORG.name, ORG.place_name)
    )
    roots = [keys.ca.identity.asn1()]
    ward = Ward(work / "space", keys)
    if gc_freeze:
        gc.collect()
        gc.freeze()
    rss.part("set-up: space and 4 users (Argon2), keys, tokens, PDF")
    out: list[Series] = []
    issued: list[str] = []
    p12_leader = SignerConfig("pkcs12", path=str(keys.leader_p12))
    p12_org = SignerConfig("pkcs12", path=str(keys.organisation_p12))

    print("(a) PKCS#12", file=sys.stderr)
    ward.use_keys(p12_leader, p12_org)
    out.append(
        repeat(
            "(a) service chain, .p12",
            lambda: service_chain(ward, pdf, DEMO_PASSWORD, issued),
            runs,
            warmups,
        )
    )
    issued_p12 = ward.issued_pdf(issued[-1])
    leader = load_pkcs12_file(keys.leader_p12, DEMO_PASSWORD)
    organisation = load_pkcs12_file(keys.organisation_p12, DEMO_PASSWORD)
    out.append(
        repeat(
            "(a) core chain, .p12 keys opened",
            lambda: core_chain(unsigned, leader, organisation, images, roots),
            runs,
            warmups,
        )
    )
    out.append(repeat("open a .p12", lambda: pkcs12_open(keys.leader_p12), runs, warmups))
    rss.part("(a) .p12: service chain, core chain, opening")

    if keys.leader_token is not None and keys.organisation_token is not None:
        print("(b) SoftHSM2", file=sys.stderr)
        leader_token = SignerConfig(
            "token", module=keys.leader_token.module_path, token_label="BENCH-LEADER"
        )
        org_token = SignerConfig(
            "token", module=keys.leader_token.module_path, token_label="BENCH-ORG"
        )
        ward.use_keys(leader_token, org_token)
        out.append(
            repeat(
                "(b) service chain, SoftHSM2",
                lambda: service_chain(ward, pdf, TOKEN_PIN, issued),
                runs,
                warmups,
            )
        )
        issued_token = ward.issued_pdf(issued[-1])
        validation(issued_token, roots)  # a check, not timed: both token signatures hold
        with opened_tokens(keys) as signers:
            assert signers is not None
            out.append(
                repeat(
                    "(b) core chain, token sessions open",
                    lambda: core_chain(unsigned, signers[0], signers[1], images, roots),
                    runs,
                    warmups,
                )
            )
        org_config = keys.organisation_token
        out.append(repeat("open a token", lambda: token_login(org_config), runs, warmups))
        rss.part("(b) SoftHSM2: service chain, core chain, opening")
    else:
        print("SoftHSM2 is not installed: (b) skipped", file=sys.stderr)

    print("(c) validation", file=sys.stderr)
    out.append(
        repeat("(c) validate the issued file", lambda: validation(issued_p12, roots), runs, warmups)
    )
    rss.part("(c) validation")

    print("(d) bare pyHanko", file=sys.stderr)
    simple = SimpleSigner.load_pkcs12(  # type: ignore[no-untyped-call]  # unannotated upstream
        str(keys.leader_p12), passphrase=DEMO_PASSWORD.encode()
    )
    out.append(
        repeat(
            "(d) bare pyHanko, stock SimpleSigner",
            lambda: bare_signature(unsigned, simple),
            runs,
            warmups,
        )
    )
    out.append(
        repeat(
            "(d) bare pyHanko, our signer backend",
            lambda: bare_signature(unsigned, leader.backend),
            runs,
            warmups,
        )
    )
    rss.part("(d) bare pyHanko")
    notes = (
        f"document: 2 pages, {len(unsigned) / 1024:,.0f} KiB unsigned, "
        f"{len(issued_p12) / 1024:,.0f} KiB issued; {len(issued)} documents issued in the space"
        + ("; gc.freeze() after the set-up" if gc_freeze else "")
    )
    ward.space.close()
    return out, rss, notes


# -- report


def report(series: list[Series], rss: PeakRss, runs: int, warmups: int) -> str:
    by_case = {s.case: s for s in series}
    lines = [
        f"Each case: {warmups} warm-up runs, then {runs} timed runs.",
        "",
        "| case | step | median ms | p95 ms | CPU ms, median |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for s in series:
        if len(s.steps) > 1:
            for name, values in s.steps.items():
                lines.append(
                    f"| {s.case} | {name} | {ms(statistics.median(values))} | {ms(p95(values))} "
                    f"| {ms(statistics.median(s.cpu[name]))} |"
                )
        name = "**total**" if len(s.steps) > 1 else next(iter(s.steps))
        lines.append(
            f"| {s.case} | {name} | **{ms(statistics.median(s.totals))}** "
            f"| {ms(p95(s.totals))} | {ms(statistics.median(s.cpu_totals))} |"
        )

    def med(case: str, step: str | None = None) -> float | None:
        s = by_case.get(case)
        if s is None:
            return None
        return statistics.median(s.steps[step] if step else s.totals)

    stock = med("(d) bare pyHanko, stock SimpleSigner")
    ours = med("(d) bare pyHanko, our signer backend")
    assert stock is not None
    assert ours is not None
    ratios = [
        (
            "leader signing step (`sign_pdf` in the prepared field, LeaderAppearance) "
            "/ 1 bare signature",
            med("(a) core chain, .p12 keys opened", "sign_pdf leader"),
            1,
        ),
        (
            "core chain (locate + fields, leader, số and date, organisation) / 2 bare "
            "signatures (as many signatures as the chain makes)",
            med("(a) core chain, .p12 keys opened"),
            2,
        ),
        (
            "core chain / 3 bare signatures (its 3 incremental updates after the fields, "
            "each counted as a signature)",
            med("(a) core chain, .p12 keys opened"),
            3,
        ),
        (
            "service chain, .p12 (+ keys opened, blobs, ops) / 2 bare signatures",
            med("(a) service chain, .p12"),
            2,
        ),
        (
            "service chain, SoftHSM2 / 2 bare signatures",
            med("(b) service chain, SoftHSM2"),
            2,
        ),
    ]
    lines += [
        "",
        "| ratio of medians | bare = stock SimpleSigner | bare = our signer backend |",
        "| --- | ---: | ---: |",
    ]
    for label, numerator, count in ratios:
        if numerator is not None:
            lines.append(
                f"| {label} | {numerator / (count * stock):.2f}× "
                f"| **{numerator / (count * ours):.2f}×** |"
            )
    during = "during the part" if rss.resets else "since the process started"
    lines += ["", f"| part | RSS at its start, MiB | peak RSS {during}, MiB |"]
    lines += ["| --- | ---: | ---: |"]
    lines += [
        f"| {part} | {'?' if start is None else f'{start:,.0f}'} | {peak:,.0f} |"
        for part, (start, peak) in rss.parts.items()
    ]
    return "\n".join(lines)


def machine() -> str:
    from importlib.metadata import version

    packages = ", ".join(
        f"{name} {version(name)}" for name in ("pyHanko", "python-pkcs11", "cryptography")
    )
    softhsm = subprocess.run(
        ["softhsm2-util", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return (
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {packages}, "
        f"SoftHSM {softhsm or 'absent'}"
    )


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.measure_signing", description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="timed runs per case")
    parser.add_argument("--warmups", type=int, default=2, help="untimed runs before them")
    parser.add_argument(
        "--work", type=Path, help="an empty folder for the space and keys (default: a temp one)"
    )
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() after the set-up (not what the app does)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmups < 0:
        parser.error("--runs must be at least 1 and --warmups not negative")
    with tempfile.TemporaryDirectory(prefix="bench-signing-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        started, load_before = time.perf_counter(), os.getloadavg()[0]
        series, rss, notes = measure(work, args.runs, args.warmups, args.gc_freeze)
        elapsed, load_after = time.perf_counter() - started, os.getloadavg()[0]
    python = Path(sys.executable)
    if python.is_relative_to(Path.cwd()):
        python = python.relative_to(Path.cwd())
    command = " ".join([str(python), "-m bench.measure_signing", *(argv or sys.argv[1:])])
    print(f"Command: `{command}`  ")
    print(f"Machine: {machine()}  ")
    print(
        f"Run: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {elapsed:.0f} s, load average "
        f"{load_before:.2f} before and {load_after:.2f} after; {notes}"
    )
    print()
    print(report(series, rss, args.runs, args.warmups))
    return 0


if __name__ == "__main__":
    sys.exit(main())
