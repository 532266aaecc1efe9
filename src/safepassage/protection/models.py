"""Protection records. Wishes, statements and assessments are sealed like identities."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from safepassage.core.countries import validate_country
from safepassage.core.fields import (
    EncryptedBooleanField,
    EncryptedCodeField,
    EncryptedJSONField,
    EncryptedTextField,
)
from safepassage.protection import choices, standards
from safepassage.protection.owners import roles_holding, step_of
from safepassage.protection.querysets import ProtectionQuerySet


class _Record(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = ProtectionQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


# What an interview records, as pages and the API take it.
INTERVIEW_FIELDS = [
    "held_on", "place", "interviewer_name", "interpreter", "language", "others_present", "consent",
    "wish", "wish_destination", "statement", "informed_of_purpose", "understood_language",
    "no_coercion_observed", "no_promises_made", "free_to_stop", "verified_private", "withdraws",
]  # fmt: skip
# What a state's or body's position records, as the API takes it; the pages take the same but for
# `scope` and `person`, which the page itself sets (a case's page, or the caseload's).
POSITION_FIELDS = [
    "speaker", "stated_on", "scope", "person", "summary", "reference", "acknowledges_deployment",
    "willing_to_receive", "treats_as_national", "onward_removal_risk", "unverified",
]  # fmt: skip
POSITION_SET_BY_PAGE = ("scope", "person")
# The case facts a legal officer sets, in the page's order; all but these two are yes/no/unknown.
CASE_FACT_FIELDS = [
    "belligerent_act", "status_doubt", "tribunal_decision", "seriously_sick_or_wounded",
    "criminal_proceedings_pending", "exclusion_reasons", "renounced_military_activity",
    "media_exposure", "espionage_out_of_uniform", "rejoined_own_forces", "claims_pow_status",
    "convicted_serving_sentence", "grave_breach_suspect",
]  # fmt: skip
CASE_FACT_CHOICES = ("tribunal_decision", "exclusion_reasons")


class Interview(_Record):
    """One interview about the person's wish. Nothing is overwritten: a change is a new interview."""

    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="interviews")
    held_on = models.DateField(_("date"))
    place = EncryptedTextField(_("place"), max_length=300)
    interviewer_name = EncryptedTextField(_("interviewer"), max_length=200)
    interpreter = EncryptedTextField(_("interpreter"), max_length=200, blank=True, default="")
    language = models.CharField(_("language"), max_length=8, choices=choices.InterviewLanguage)
    others_present = EncryptedTextField(
        _("others present"),
        max_length=500,
        blank=True,
        default="",
        help_text=_("Leave empty if nobody else was present: only then is the interview private."),
    )
    consent = models.BooleanField(_("the person consented to the interview"), default=False)
    # The wish, where he wants to go and whether a monitor verified it are sealed: in a copied
    # database, any one of them alone tells the state he fled that he refused to go home.
    wish = EncryptedCodeField(_("wish"), max_length=12, choices=choices.Wish)
    wish_destination = EncryptedCodeField(
        _("wished destination"), max_length=2, blank=True, default="", validators=[validate_country]
    )
    statement = EncryptedTextField(_("statement, verbatim"), max_length=20000, blank=True, default="")
    informed_of_purpose = models.BooleanField(_("informed of the purpose and of his options"), default=False)
    understood_language = models.BooleanField(_("understood the language used"), default=False)
    no_coercion_observed = models.BooleanField(_("no sign of pressure or coercion"), default=False)
    no_promises_made = models.BooleanField(_("no promise or threat was made"), default=False)
    free_to_stop = models.BooleanField(_("told he could stop at any time"), default=False)
    verified_private = EncryptedBooleanField(
        _("verified private interview (neutral monitor only)"), default=False
    )
    withdraws = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="withdrawn_by",
        verbose_name=_("withdraws the wish of"),
    )

    class Meta:
        ordering = ["held_on", "recorded_at"]
        verbose_name = _("interview")

    @property
    def private(self) -> bool:
        return not self.others_present.strip()

    @property
    def voluntary(self) -> bool:
        return all(
            (
                self.informed_of_purpose,
                self.understood_language,
                self.no_coercion_observed,
                self.no_promises_made,
                self.free_to_stop,
            )
        )


class RiskAssessment(_Record):
    """Risk on return to one state; counts only once a second legal officer approves it."""

    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="risk_assessments")
    # Where he would be sent, what he faces there and the conclusion: sealed like the wish.
    destination = EncryptedCodeField(_("destination state"), max_length=2, validators=[validate_country])
    risk_kinds = EncryptedJSONField(_("kinds of risk"), default=list, blank=True)
    conclusion = EncryptedCodeField(_("conclusion"), max_length=12, choices=choices.RiskConclusion)
    summary = EncryptedTextField(_("reasoning"), max_length=20000)
    status = models.CharField(
        _("status"), max_length=10, choices=choices.ReviewStatus, default=choices.ReviewStatus.DRAFT
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = EncryptedTextField(_("reviewer's note"), max_length=5000, blank=True, default="")

    class Meta:
        ordering = ["recorded_at"]
        verbose_name = _("risk assessment")
        # The work list's assessments waiting for a second reviewer.
        indexes = [models.Index(fields=["status", "recorded_at"], name="risk_status_at")]


class EvidenceItem(_Record):
    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=choices.EvidenceKind)
    source = EncryptedTextField(_("source"), max_length=1000)
    description = EncryptedTextField(_("what it shows"), max_length=5000)
    dated = models.DateField(_("date of the source"), null=True, blank=True)

    class Meta:
        ordering = ["recorded_at"]
        verbose_name = _("evidence item")


class Application(_Record):
    """An asylum, protection or transfer application under one jurisdiction's procedure."""

    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="applications")
    # The procedure (e.g. an asylum procedure of one state), its kind and status are sealed.
    procedure = EncryptedCodeField(_("procedure"), max_length=32)
    kind = EncryptedCodeField(_("kind"), max_length=12, choices=choices.ApplicationKind)
    filed_on = models.DateField(_("filed on"))
    reference = EncryptedTextField(_("reference"), max_length=200, blank=True, default="")
    status = EncryptedCodeField(
        _("status"),
        max_length=10,
        choices=choices.ApplicationStatus,
        default=choices.ApplicationStatus.PENDING,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = EncryptedTextField(_("note"), max_length=5000, blank=True, default="")

    class Meta:
        ordering = ["filed_on", "recorded_at"]
        verbose_name = _("application")


class ApplicationStep(_Record):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=40)
    done_on = models.DateField(_("done on"))
    note = EncryptedTextField(_("note"), max_length=5000, blank=True, default="")

    class Meta:
        ordering = ["done_on", "recorded_at"]
        constraints = [models.UniqueConstraint(fields=["application", "step"], name="application_step_once")]
        verbose_name = _("application step")


class StatePosition(_Record):
    """What a government or body said, about one case or the whole caseload, and when."""

    speaker = models.CharField(_("state or body"), max_length=40)
    stated_on = models.DateField(_("stated on"))
    scope = models.CharField(_("scope"), max_length=10, choices=choices.PositionScope)
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="state_positions"
    )
    summary = EncryptedTextField(_("what was said"), max_length=5000)
    reference = models.CharField(_("reference"), max_length=300)
    acknowledges_deployment = models.BooleanField(_("acknowledges the deployment"), null=True, blank=True)
    willing_to_receive = models.BooleanField(_("willing to receive"), null=True, blank=True)
    treats_as_national = models.BooleanField(_("treats him as its national"), null=True, blank=True)
    onward_removal_risk = models.BooleanField(
        _("may send him on to a state where he is at risk"), null=True, blank=True
    )
    unverified = models.BooleanField(
        _("reported, but not confirmed in a primary or reputable source"), default=False
    )

    class Meta:
        ordering = ["stated_on", "recorded_at"]
        verbose_name = _("state position")


class CaseFacts(_Record):
    """Legal facts that no other record holds, kept once. Empty means not known."""

    person = models.OneToOneField("registry.Person", on_delete=models.CASCADE, related_name="case_facts")
    belligerent_act = models.BooleanField(_("took a direct part in hostilities"), null=True, blank=True)
    status_doubt = models.BooleanField(_("doubt about POW status"), null=True, blank=True)
    tribunal_decision = models.CharField(
        _("competent tribunal's decision"),
        max_length=8,
        blank=True,
        default="",
        choices=[("pow", _("Prisoner of war")), ("not_pow", _("Not a prisoner of war"))],
    )
    seriously_sick_or_wounded = models.BooleanField(_("seriously sick or wounded"), null=True, blank=True)
    criminal_proceedings_pending = models.BooleanField(
        _("criminal proceedings pending"), null=True, blank=True
    )
    exclusion_reasons = models.JSONField(_("exclusion reasons (RC Art. 1F)"), default=list, blank=True)
    renounced_military_activity = EncryptedBooleanField(
        _("genuine and permanent renunciation verified"), null=True, blank=True
    )
    media_exposure = models.BooleanField(_("exposed in the media"), null=True, blank=True)
    espionage_out_of_uniform = models.BooleanField(_("espionage out of uniform"), null=True, blank=True)
    rejoined_own_forces = models.BooleanField(
        _("rejoined his own forces after the espionage, before capture"), null=True, blank=True
    )
    claims_pow_status = models.BooleanField(
        _("he, or the Party he depends on, claims POW status for him"), null=True, blank=True
    )
    convicted_serving_sentence = models.BooleanField(
        _("convicted and serving a sentence"), null=True, blank=True
    )
    grave_breach_suspect = models.BooleanField(
        _("suspected of a grave breach (GC III Art. 130, AP I Art. 85)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("case facts")


class Determination(_Record):
    """The legal engine's answer, stored with its facts whenever the facts change."""

    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="determinations")
    position = models.CharField(max_length=20)
    engine_version = models.CharField(max_length=40)
    facts_digest = models.CharField(max_length=16)
    facts = EncryptedTextField()
    result = EncryptedTextField()
    # Records that contradict each other (two birth dates, a capture before birth), as JSON: the
    # facts took the reading that protects him, and the page and case file say so on top.
    record_warnings = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["recorded_at"]
        verbose_name = _("determination")
        # The person page reads the latest determination of one person.
        indexes = [models.Index(fields=["person", "recorded_at"], name="determination_person_at")]


class WorkItem(models.Model):
    """One thing a role must do about one person: the work list's index, rewritten by the services.

    Determination results are sealed, so the database cannot read their actions: each stored
    determination's actions, each assessment awaiting a second officer and each application's
    next step get one row here, holding plain codes, dates and legal citations only, never facts,
    names or free text (see protection/work.py for who writes them and when).

    What the item is (its code, task, procedure, citation and the permission it asks for) is
    sealed: "verify renunciation" or a step of an asylum procedure tells as much as the wish.
    The clear columns are those the list is ordered and scoped by, and `lane`, the role that acts
    on it (caseworker, monitor, legal officer), which the list filters on without opening rows.
    Rows get their id from the database on insert, so sealed values are bound to `uid`.
    """

    sealed_row_key = "uid"

    id = models.BigAutoField(primary_key=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Indexed by `workitem_person` below, which the services' per-person rewrites use.
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+", db_index=False)
    # A copy of the person's case number (never changed once given), so one index serves the order.
    case_number = models.CharField(max_length=32)
    # "action" (from the determination), "approval" (a risk assessment) or "step" (an application):
    # the old list's order within one person and date, which sorts the same as these words.
    source = models.CharField(max_length=8)
    # The action code, "approval", or for an application's next step "deadline" (the procedure's
    # limit, in law), "target" (its expected date) or "standard" (neither: protection/standards.py).
    code = EncryptedCodeField(max_length=40)
    # The action code, "approve_risk_assessment", or the step's key within `procedure`.
    task = EncryptedCodeField(max_length=40)
    procedure = EncryptedCodeField(max_length=32, blank=True, default="")
    permission = EncryptedCodeField(max_length=40)
    # Which role's list shows it (protection/work.py LANES): coarse, so it does not name the action.
    lane = models.CharField(max_length=8, default="")
    # Every row is due some day (protection/standards.py); rows written before that had none.
    due = models.DateField(null=True, blank=True)
    # `due`, or the last date there is: SQLite cannot walk an index for NULLS LAST.
    sort_due = models.DateField()
    # Within one person, source and date: the action's place in the result, or when the assessment
    # or application was recorded.
    rank = models.CharField(max_length=64)
    citation = EncryptedTextField(blank=True, default="")
    # An assessment's author may not approve it: the one user this approval is not offered to.
    not_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Done outside the determination: the Information Bureau has been notified since the last
    # custody event (see Notification).
    cleared = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["sort_due", "case_number", "source", "rank", "id"], name="workitem_order"),
            # The list sorted by person, then by date (selectors.worklist, sort "person").
            models.Index(
                fields=["case_number", "sort_due", "source", "rank", "id"], name="workitem_by_person"
            ),
            models.Index(fields=["person", "source"], name="workitem_person"),
        ]

    def __str__(self) -> str:
        return f"{self.code} for {self.case_number}"

    @property
    def what(self) -> str:
        """The action code (the page labels it), or the step's label in the reader's language."""
        return gettext(step_of(self).label) if self.source == "step" else self.task

    @property
    def due_basis(self) -> str:
        """Where the date comes from: "law" (a procedure's limit), "expected" (its usual time) or
        "standard" (SafePassage's service standard, protection/standards.py)."""
        if self.source == "step" and self.code == "deadline":
            return "law"
        if self.source == "step" and self.code == "target":
            return "expected"
        return "standard"

    @property
    def standard_days(self) -> int:
        """The service standard in days, for a row whose date is one."""
        if self.source == "action":
            return standards.action_days(self.task)
        return standards.APPROVAL_DAYS if self.source == "approval" else standards.STEP_DAYS

    @property
    def who(self) -> str:
        return gettext(step_of(self).actor) if self.source == "step" else roles_holding(self.permission)


class Notification(models.Model):
    """One person's data sent to the Information Bureau (GC III Art. 122) in one export."""

    id = models.BigAutoField(primary_key=True)
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    notified_at = models.DateTimeField(default=timezone.now)
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The export's audit event: what was sent, by whom and from where. No database constraint: the
    # audit tables stay free of references, so TRUNCATE is refused by their own append-only guard
    # (audit.triggers), and their rows are never deleted anyway.
    event = models.ForeignKey(
        "audit.AuditEvent", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["person", "notified_at"], name="notification_person_at")]

    def __str__(self) -> str:
        return f"notification {self.pk}"


class CaseloadRefresh(models.Model):
    """A caseload-wide state position being applied to every stored determination, in batches.

    Re-assessing a large caseload takes minutes: it runs outside the request that recorded the
    position (`safepassage determinations refresh`), one short transaction per batch, and can be
    resumed where it stopped. Persons are taken in primary-key order; `last_person` is the last
    one done. Holds no person data: counts, times and the position that asked for it.
    """

    id = models.BigAutoField(primary_key=True)
    position = models.ForeignKey(
        StatePosition, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    stored = models.PositiveIntegerField(default=0)
    last_person = models.UUIDField(null=True, blank=True)
    # Set when the job re-assesses everyone after an engine upgrade: the version it brings them to.
    engine_version = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["finished_at", "started_at"], name="caseload_refresh_open")]

    def __str__(self) -> str:
        return f"caseload refresh {self.pk}: {self.done} of {self.total}"
