"""Shared parts of the web questionnaire benchmarks: a database with invitations, the real
server (``umfrage serve``) on loopback, and simulated respondents (asyncio + aiohttp).

Everything is bounded: a fixed number of respondents, fixed time limits, loopback addresses only.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "buendnisumfrage" / "waves" / "2024" / "questionnaire.yaml"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Setup:
    env: dict[str, str]
    tokens: list[str]
    questionnaire: Any


def environment(db: str, data_dir: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("UMFRAGE_") and k != "DATABASE_URL"
    }
    env.update(
        UMFRAGE_DATA_DIR=str(data_dir),
        UMFRAGE_SECURE_COOKIES="0",  # plain http on loopback
        UMFRAGE_LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="umfrage.settings",
    )
    if db == "postgres":
        env["DATABASE_URL"] = os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/umfrage_bench_collect"
        )
    return env


def recreate_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare(db: str, questionnaire_path: Path, respondents: int, data_dir: Path) -> Setup:
    """A fresh database with one open wave and one invitation (and token) per respondent."""
    if not questionnaire_path.exists():
        sys.exit(
            f"Fragebogen fehlt: {questionnaire_path}. Das Beispiel liegt in examples/buendnisumfrage; "
            "oder geben Sie --questionnaire PFAD an."
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    env = environment(db, data_dir)
    if db == "postgres":
        recreate_postgres(env["DATABASE_URL"])
    os.environ.clear()
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from umfrage.store.models import Invitation, Organisation, Survey, Wave

    call_command("migrate", verbosity=0)
    survey = Survey.objects.create(
        slug="bench", title="Lasttest (synthetisch)", owner="Lasttest", config_text="id: bench\n"
    )
    wave = Wave.objects.create(
        survey=survey,
        key="2024",
        title="Lasttest 2024",
        status=Wave.Status.OPEN,
        questionnaire_text=questionnaire_path.read_text(encoding="utf-8"),
    )
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(survey=survey, key=f"L-{i:04d}", name=f"Bündnis {i}")
            for i in range(respondents)
        ]
    )
    organisations = list(Organisation.objects.filter(survey=survey).order_by("key"))
    tokens = [secrets.token_urlsafe(24) for _ in organisations]
    Invitation.objects.bulk_create(
        [
            Invitation(wave=wave, organisation=o, token_hash=Invitation.hash_token(t), state="sent")
            for o, t in zip(organisations, tokens, strict=True)
        ]
    )
    return Setup(env, tokens, wave.questionnaire())


def start_server(
    env: dict[str, str], port: int, workers: int | None, log: Path, threads: int | None = None
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-c",
        "from umfrage.cli import main; main()",
        "serve",
        "--port",
        str(port),
        "--no-access-log",
    ]
    if workers:
        command += ["--workers", str(workers)]
    if threads:
        command += ["--threads", str(threads)]
    server = subprocess.Popen(
        command, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
        if server.poll() is not None:
            break
    stop_server(server)
    sys.exit(f"Der Server ist nicht gestartet; siehe {log}")


def stop_server(server: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    """Signal the server's own process group (the master and its workers), then wait."""
    if server.returncode is not None:  # already stopped and reaped: its id may be reused
        return
    try:
        os.killpg(server.pid, sig)
    except ProcessLookupError:
        return
    server.wait(timeout=60)


def group_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) of the server's process group (Linux): every live process and
    the workers its master has already reaped."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # field 5 of stat: process group
            # utime + stime, plus cutime + cstime: the CPU of children already reaped, so that a
            # worker gunicorn replaced during the run (max_requests) still counts.
            total += sum(int(value) for value in fields[11:15]) / tick
    return total


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    post_latencies: list[float] = field(default_factory=list)
    completed: int = 0
    interrupted: int = 0
    errors: list[str] = field(default_factory=list)
    # token → section → the answers of the last page save the server confirmed (303)
    saved: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)


# --- answering like a person would: valid answers drawn from the questionnaire -----------------


def answer(
    question: Any, rankable: list[str], rng: random.Random
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A valid answer in the stored form and as form fields."""
    qid = question.id
    kind = question.type_name
    if kind == "single":
        option = rng.choice(question.options)
        stored: dict[str, Any] = {qid: option.code}
        fields: dict[str, Any] = {f"q-{qid}": option.code}
        if option.other:
            stored[f"{qid}.other"] = fields[f"q-{qid}-other"] = "Etwas anderes"
        return stored, fields
    if kind == "multi":
        plain = [o for o in question.options if not o.exclusive and not o.other]
        exclusive = [o for o in question.options if o.exclusive]
        if exclusive and rng.random() < 0.1:
            chosen = [exclusive[0].code]
        else:
            limit = min(question.max or 3, 3, len(plain))
            chosen = [o.code for o in rng.sample(plain, rng.randint(1, limit))]
        ordered = [c for c in question.codes() if c in chosen]
        return {qid: ordered}, {f"q-{qid}": ordered}
    if kind == "ranking":
        picks = rng.sample(rankable, min(question.top, len(rankable)))
        ranks = {code: rank for rank, code in enumerate(picks, start=1)}
        fields = {f"q-{qid}-{code}": "" for code in rankable}
        fields.update({f"q-{qid}-{code}": str(rank) for code, rank in ranks.items()})
        return {qid: ranks}, fields
    if kind == "matrix":
        value = {item.code: rng.choice(question.scale).code for item in question.items}
        return {qid: value}, {f"q-{qid}-{item}": code for item, code in value.items()}
    if kind == "number":
        low = int(question.min if question.min is not None else 0)
        high = int(question.max if question.max is not None else low + 100)
        number = rng.randint(low, high)
        return {qid: number}, {f"q-{qid}": str(number)}
    text = f"Antwort {rng.randint(1, 9999)}"
    return {qid: text}, {f"q-{qid}": text}


VERSION = re.compile(r'name="version" value="(-?\d+)"')
SHOWN = re.compile(r'name="gezeigt" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    status: int
    location: str
    text: str


async def timed(
    stats: Stats, session: aiohttp.ClientSession, method: str, url: str, form: Any = None
) -> Answer:
    start = time.perf_counter()
    async with session.request(method, url, data=form, allow_redirects=False) as response:
        text = await response.text()
        answer = Answer(response.status, response.headers.get("Location", ""), text)
    stats.latencies.append(time.perf_counter() - start)
    if method == "POST":
        stats.post_latencies.append(stats.latencies[-1])
    return answer


def form_items(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(k, str(item)) for k, v in data.items() for item in (v if isinstance(v, list) else [v])]


def new_session(base: str) -> aiohttp.ClientSession:
    # unsafe=True: keep cookies of a server addressed by IP (127.0.0.1).
    return aiohttp.ClientSession(
        base_url=base,
        cookie_jar=aiohttp.CookieJar(unsafe=True),
        timeout=aiohttp.ClientTimeout(total=30),
    )


async def respond(
    base: str, token: str, questionnaire: Any, rng: random.Random, stats: Stats, think: float = 0.0
) -> bool:
    """One respondent from the link to the confirmation; False if the server stopped answering."""
    memory: dict[str, dict[str, Any]] = {}
    fields_memory: dict[str, dict[str, Any]] = {}
    async with new_session(base) as session:
        try:
            location = (await timed(stats, session, "GET", f"/t/{token}")).location
            for _ in range(40):  # bounded: six pages, a few shown twice, review, thanks
                if not location:
                    stats.errors.append("keine Weiterleitung")
                    return False
                page = await timed(stats, session, "GET", location)
                html = page.text
                if location.startswith("/fragebogen/danke/"):
                    stats.completed += 1
                    return True
                if location == "/fragebogen/":
                    match = re.search(r'class="button button--start" href="([^"]+)"', html)
                    location = match.group(1) if match else "/fragebogen/pruefen/"
                    continue
                csrf = CSRF.search(html)
                version = VERSION.search(html)
                if not csrf or not version:
                    stats.errors.append(f"{location}: Formular nicht gefunden ({page.status})")
                    return False
                data: dict[str, Any] = {
                    "csrfmiddlewaretoken": csrf.group(1),
                    "version": version.group(1),
                }
                section_id = location.split("/")[3] if "/seite/" in location else None
                if section_id is not None:
                    shown = SHOWN.findall(html)
                    stored: dict[str, Any] = {}
                    fields: dict[str, Any] = {}
                    for qid in shown:
                        question = questionnaire.question(qid)
                        earlier = memory.get(section_id, {})
                        if qid in earlier:  # shown again: keep the earlier answer
                            stored.update(
                                {k: earlier[k] for k in question.answer_keys() if k in earlier}
                            )
                            fields.update(
                                {
                                    k: v
                                    for k, v in fields_memory[section_id].items()
                                    if k == f"q-{qid}" or k.startswith(f"q-{qid}-")
                                }
                            )
                            continue
                        rankable = re.findall(rf'<select[^>]*name="q-{qid}-([A-Za-z0-9_]+)"', html)
                        got, form = answer(question, rankable, rng)
                        stored.update(got)
                        fields.update(form)
                    data.update(gezeigt=shown, aktion="weiter", **fields)
                    memory[section_id] = stored
                    fields_memory[section_id] = fields
                if think > 0:  # a person reads and fills in the page before sending it
                    await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
                posted = await timed(stats, session, "POST", location, form_items(data))
                if posted.status != 303:
                    stats.errors.append(f"{location}: Antwort {posted.status}")
                    return False
                if section_id is not None:
                    stats.saved.setdefault(token, {})[section_id] = dict(memory[section_id])
                location = posted.location
            stats.errors.append("zu viele Seiten")
            return False
        except (TimeoutError, aiohttp.ClientError):
            stats.interrupted += 1
            return False


async def run_respondents(
    base: str,
    tokens: list[str],
    questionnaire: Any,
    concurrency: int,
    seed: int,
    stats: Stats,
    deadline: float,
    stop: asyncio.Event | None = None,
    think: float = 0.0,
) -> None:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for token in tokens:
        queue.put_nowait(token)
    rng = random.Random(seed)

    async def worker(number: int) -> None:
        own = random.Random(rng.random() + number)
        while not queue.empty() and time.monotonic() < deadline and not (stop and stop.is_set()):
            await respond(base, queue.get_nowait(), questionnaire, own, stats, think)

    await asyncio.gather(*(worker(n) for n in range(concurrency)))


async def floor_rps(base: str, path: str, concurrency: int, seconds: float) -> tuple[float, int]:
    """Requests per second of one cheap address through the same server (the floor), and how
    many requests were answered."""
    count = 0
    end = time.monotonic() + seconds

    async def worker() -> None:
        nonlocal count
        async with new_session(base) as session:
            while time.monotonic() < end:
                async with session.get(path) as response:
                    await response.read()
                    if response.status == 200:
                        count += 1

    start = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return count / (time.monotonic() - start), count


def temp_dir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))
