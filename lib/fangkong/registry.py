"""The registry of reports: the one place that says which reports there are.

Each :class:`ReportEntry` says what the rest of fangkong needs to know about a
report: its notebook, its labels, who receives it, the schema of its sidecar,
its scope, what it reads (the store, or other reports' sidecars, which fixes
the run order), what it writes and how it is mailed. The CLI, the runner, the
daily job, the mail, the demo, the tests and the town file's validation read
it. Adding a report is one folder under ``reports/``, one notebook and one
entry in :data:`REPORTS`.

It stands at the top of the package, beside the settings and the town file,
because every room reads it; it imports nothing heavy. A report that reads other
reports' sidecars runs after them (:func:`stages`); the runner hands such a report
the folder it reads them from (its ``reports_dir`` parameter). The daily bulletin
is the first such report.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

#: The input every report of a town can read: the store.
STORE = "store"
#: What a report's run can write beside the executed notebook (``docx``: a Word
#: file, the bulletin's); and what a report writes unless its entry says otherwise.
OUTPUT_KINDS = ("html", "sidecar", "chart", "docx")
DEFAULT_OUTPUTS = ("html", "sidecar", "chart")
#: Scopes: a report of one town; (later) a report over a county's towns, which the
#: runner refuses until it can run one.
SCOPES = ("town", "county")
#: How a report is mailed: ``summary``, a summary of its sidecar in the body, its
#: HTML attached and its key chart inline; ``bulletin``, the bulletin's text in the
#: body, its Word file and the reports it reads attached.
MAIL_STYLES = ("summary", "bulletin")


@dataclass(frozen=True)
class ReportEntry:
    """One report as the registry declares it.

    Attributes
    ----------
    name : str
        The report's name: its notebook's stem, its output files' stem, its
        key in the manifest.
    labels : str
        Prefix of its labels in :mod:`fangkong.catalogue` (``q`` gives
        ``q.title``, ``q.figure.*``, ``q.alert.*``).
    report_class : str
        ``module:Class`` of its report class, the one the notebook builds.
    recipients : str
        Key of the town file's ``recipients`` that lists who receives it.
    inputs : tuple of str
        :data:`STORE`, or names of other reports whose sidecars it reads; a
        report runs after the reports it reads.
    outputs : tuple of str
        Among :data:`OUTPUT_KINDS`.
    scope : str
        Among :data:`SCOPES`.
    mail : str or None
        Among :data:`MAIL_STYLES`; None for a report that is not mailed.
    sidecar_schema : str
        The JSON Schema of its sidecar, a file in ``reports/``.
    alert_prefix : str
        The letter its alert keys begin with (``Q`` gives ``Q-0001``); each
        report has its own.
    subject_figures : tuple of str
        Figures of the sidecar (``figures``) its email's subject carries, each
        worded by the catalogue's ``<labels>.mail.subject.<figure>``.
    units : tuple of (str, str)
        The unit of its headline figures in the email: pairs of a unit (the
        catalogue's ``unit.<unit>``) and the figures in it, separated by spaces.
    targets : str or None
        An enumeration of the catalogue whose every code has a rate against a
        target in the sidecar's figures (``<code>_rate``, ``<code>_target``,
        ``<code>_met``, ``<code>_firms``, ``<code>_resumed``): its email shows
        each against its target.
    mail_listed : tuple of str
        Alert kinds its email lists on their own (``<labels>.mail.listed.<kind>``
        titles them), apart from the top alerts.
    """

    name: str
    labels: str
    report_class: str
    recipients: str
    inputs: tuple[str, ...] = (STORE,)
    outputs: tuple[str, ...] = DEFAULT_OUTPUTS
    scope: str = "town"
    mail: str | None = "summary"
    sidecar_schema: str = "sidecar.schema.json"
    alert_prefix: str = ""
    subject_figures: tuple[str, ...] = ()
    units: tuple[tuple[str, str], ...] = ()
    targets: str | None = None
    mail_listed: tuple[str, ...] = ()

    @property
    def notebook(self) -> str:
        """The notebook's file name in the notebooks folder."""
        return f"{self.name}.ipynb"

    @property
    def reads_reports(self) -> list[str]:
        """The reports whose sidecars it reads (its inputs other than the store)."""
        return [i for i in self.inputs if i != STORE]

    @property
    def title_key(self) -> str:
        """Catalogue key of the report's title."""
        return f"{self.labels}.title"

    @property
    def schema_path(self) -> Path:
        """Path of the JSON Schema of the report's sidecar (in ``reports/``)."""
        return Path(__file__).with_name("reports") / self.sidecar_schema

    def unit_of(self, figure: str) -> str | None:
        """The unit of a headline figure (``person``, ``household``, ...), if declared."""
        for unit, figures in self.units:
            if figure in figures.split():
                return unit
        return None

    def load_class(self) -> type:
        """Import and return the report class (imports pandas and the report's modules)."""
        module, _, cls = self.report_class.partition(":")
        return getattr(import_module(module), cls)


REPORTS: tuple[ReportEntry, ...] = (
    ReportEntry(
        name="quarantine",
        labels="q",
        report_class="fangkong.reports.quarantine.report:QuarantineReport",
        recipients="quarantine",
        alert_prefix="Q",
        subject_figures=("in_quarantine", "new_today", "fever_alerts"),
        units=(
            (
                "person",
                "in_quarantine new_today released_today transferred_today due_tomorrow "
                "overdue fever_alerts missed_checks lost_contact mood_alerts",
            ),
            (
                "times",
                "checks_done checks_owed disinfections_done disinfections_owed "
                "calls_reached calls_owed",
            ),
            ("item", "team_gaps"),
            ("firm", "employer_mismatches employers_not_reported"),
            ("household", "households screened_to_date screened_today"),
            (
                "person",
                "people_today returnees_found risk_area_found referred new_in_ledger "
                "people_registered temperature_alerts",
            ),
            # Counted once per shift or patrol: the same person on two is two.
            ("person_time", "on_duty party_members patrollers patrol_party_members"),
            ("shift", "shifts_owed shifts_staffed shifts_unstaffed"),
            ("vehicle", "vehicles_registered"),
            ("village", "screening_mismatches villages_screening_behind patrolled"),
            ("item", "issues_found"),
            ("times", "patrols"),
        ),
    ),
    ReportEntry(
        name="welfare",
        labels="w",
        report_class="fangkong.reports.welfare.report:WelfareReport",
        recipients="welfare",
        alert_prefix="W",
        subject_figures=("coverage", "households_unvisited", "open_needs"),
        units=(
            ("household", "households covered households_unvisited overdue never_visited"),
            ("item", "open_needs"),
            ("case", "gas_received gas_delivered gas_pending gas_overdue"),
            (
                "household",
                "purchase_need_households purchase_need_served purchase_need_unserved "
                "gas_needs_found gas_needs_registered gas_needs_unregistered "
                "gas_needs_unregistered_late",
            ),
            ("times", "purchases_without_need"),
            ("person_time", "volunteer_party_members"),
            ("mu", "planned_mu sown_mu sown_today"),
            ("person", "job_seekers placed placed_to_date workers_carried_today"),
            ("job", "jobs_offered"),
            ("item", "farming_open_needs"),
        ),
    ),
    ReportEntry(
        name="reopening",
        labels="r",
        report_class="fangkong.reports.reopening.report:ReopeningReport",
        recipients="reopening",
        alert_prefix="R",
        subject_figures=("rate", "resumed", "staff_on_site"),
        units=(
            (
                "firm",
                "firms resumed never_reported not_reported_today worker_mismatches masks_short",
            ),
            ("person", "staff_on_site returned_from_outside in_quarantine"),
        ),
        targets="enterprise_category",
        mail_listed=("firms_not_resumed",),
    ),
    ReportEntry(
        name="bulletin",
        labels="b",
        report_class="fangkong.reports.bulletin.report:BulletinReport",
        recipients="leading_group",
        inputs=(STORE, "quarantine", "welfare", "reopening"),
        outputs=("html", "sidecar", "docx"),
        mail="bulletin",
    ),
)


class UnknownReport(KeyError):
    """A report name the registry does not know."""

    def __str__(self) -> str:
        return f"unknown report {self.args[0]!r}; known: {', '.join(names())}"


def names() -> list[str]:
    """Every report's name, in registry order."""
    return [entry.name for entry in REPORTS]


def get(name: str) -> ReportEntry:
    """The entry of a report.

    Parameters
    ----------
    name : str

    Returns
    -------
    ReportEntry

    Raises
    ------
    UnknownReport
    """
    for entry in REPORTS:
        if entry.name == name:
            return entry
    raise UnknownReport(name)


def recipient_keys() -> list[str]:
    """The keys a town file's ``recipients`` may have."""
    return list(dict.fromkeys(entry.recipients for entry in REPORTS))


def run_order(selected=None) -> list[str]:
    """Reports in an order where each runs after the reports it reads.

    Parameters
    ----------
    selected : iterable of str, optional
        Names to order (default: every report). A report's inputs that are
        not selected are not added: they are read as they stand on disk.

    Returns
    -------
    list of str
        Registry order where the inputs allow it.

    Raises
    ------
    UnknownReport
    ValueError
        For reports that read each other in a loop.
    """
    wanted = list(dict.fromkeys(names() if selected is None else selected))
    for name in wanted:
        get(name)
    order: list[str] = []
    pending = [n for n in names() if n in wanted]
    while pending:
        ready = [n for n in pending if all(i == STORE or i not in pending for i in get(n).inputs)]
        if not ready:
            raise ValueError(f"reports read each other in a loop: {', '.join(pending)}")
        order += ready
        pending = [n for n in pending if n not in ready]
    return order


def stages(selected=None) -> list[list[str]]:
    """:func:`run_order` in stages: each stage's reports read only earlier stages.

    The reports of one stage can run in parallel.
    """
    order = run_order(selected)
    done: set[str] = set()
    out: list[list[str]] = []
    while len(done) < len(order):
        stage = [
            n
            for n in order
            if n not in done
            and all(i == STORE or i in done or i not in order for i in get(n).inputs)
        ]
        out.append(stage)
        done |= set(stage)
    return out
