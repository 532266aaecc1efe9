"""API shapes of protection records."""

from __future__ import annotations

from rest_framework import serializers

from safepassage.protection import choices
from safepassage.protection.models import (
    INTERVIEW_FIELDS,
    POSITION_FIELDS,
    Application,
    EvidenceItem,
    Interview,
    RiskAssessment,
    StatePosition,
)


class InterviewIn(serializers.ModelSerializer):
    class Meta:
        model = Interview
        fields = INTERVIEW_FIELDS


class InterviewOut(serializers.ModelSerializer):
    class Meta:
        model = Interview
        fields = ["id", *INTERVIEW_FIELDS, "recorded_by", "recorded_at"]
        read_only_fields = fields


class EvidenceOut(serializers.ModelSerializer):
    class Meta:
        model = EvidenceItem
        fields = ["id", "kind", "source", "description", "dated", "recorded_at"]
        read_only_fields = fields


class EvidenceIn(serializers.ModelSerializer):
    class Meta:
        model = EvidenceItem
        fields = ["kind", "source", "description", "dated"]


class RiskAssessmentIn(serializers.ModelSerializer):
    risk_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=choices.RiskKind.choices), required=False
    )

    class Meta:
        model = RiskAssessment
        fields = ["destination", "risk_kinds", "conclusion", "summary"]


class RiskAssessmentOut(serializers.ModelSerializer):
    evidence = EvidenceOut(many=True, read_only=True)

    class Meta:
        model = RiskAssessment
        fields = [
            "id",
            "destination",
            "risk_kinds",
            "conclusion",
            "summary",
            "status",
            "recorded_by",
            "reviewer",
            "reviewed_at",
            "review_note",
            "evidence",
            "recorded_at",
        ]
        read_only_fields = fields


class ReviewIn(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class ApplicationIn(serializers.Serializer):
    procedure = serializers.CharField(max_length=32)
    kind = serializers.ChoiceField(choices=choices.ApplicationKind.choices)
    filed_on = serializers.DateField()
    reference = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class ApplicationOut(serializers.ModelSerializer):
    next_step = serializers.SerializerMethodField()
    next_due = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "procedure",
            "kind",
            "filed_on",
            "reference",
            "status",
            "decided_on",
            "note",
            "next_step",
            "next_due",
            "recorded_at",
        ]
        read_only_fields = fields

    def _next(self, obj: Application) -> object:
        rows = self.context.get("next", {})
        return rows.get(obj.pk)

    def get_next_step(self, obj: Application) -> str | None:
        upcoming = self._next(obj)
        return upcoming.step.key if upcoming else None  # type: ignore[attr-defined]

    def get_next_due(self, obj: Application) -> str | None:
        upcoming = self._next(obj)
        due = getattr(upcoming, "due", None)
        return due.isoformat() if due else None


class StepIn(serializers.Serializer):
    step = serializers.CharField(max_length=40)
    done_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class DecideIn(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["granted", "refused", "withdrawn"])
    decided_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class StatePositionIn(serializers.ModelSerializer):
    class Meta:
        model = StatePosition
        fields = POSITION_FIELDS


class StatePositionOut(serializers.ModelSerializer):
    class Meta:
        model = StatePosition
        fields = ["id", *POSITION_FIELDS, "recorded_at"]
        read_only_fields = fields
