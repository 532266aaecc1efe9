"""Encrypted model fields: AES-256-GCM bound to model, field and row, with optional blind index."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from safepassage.core.keys import keyring
from safepassage.crypto import blind_index, normalise_for_index, open_sealed, seal

ERR_NO_PK = "{label} needs its primary key set before an encrypted field is saved."
ERR_LOOKUP = "{label}.{field} is encrypted: search it through its blind index, not by {lookup!r}."


def row_key_of(model: type[models.Model]) -> str:
    """The attribute a model's sealed values are bound to: `pk`, or its `sealed_row_key` column."""
    return getattr(model, "sealed_row_key", "pk")


def sealed_label_of(model: type[models.Model]) -> str:
    """The model label its sealed values are bound to: its own, or the `sealed_label` it keeps.

    A model that moved to another app keeps the label its rows were sealed under (tracing's
    models were exchanges' until their app of their own): a new label would open none of them.
    """
    return getattr(model, "sealed_label", model._meta.label_lower)


class Sealed:
    """Ciphertext read from the database, opened on first attribute access."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return "<sealed>"


class EncryptedAttribute(DeferredAttribute):
    """A data descriptor (it defines __set__), so reads pass through it and get opened."""

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance: models.Model | None, cls: Any = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            value = self.field.unseal(instance, value.text)  # type: ignore[attr-defined]
            instance.__dict__[self.field.attname] = value
        return value


class EncryptedMixin:
    """Seals on save and opens on read; the plaintext never reaches the database."""

    descriptor_class = EncryptedAttribute
    attname: str
    name: str
    model: type[models.Model]

    def __init__(self, *args: Any, index_field: str | None = None, **kwargs: Any) -> None:
        self.index_field = index_field
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()  # type: ignore[misc]
        if self.index_field:
            kwargs["index_field"] = self.index_field
        return name, path, args, kwargs

    def _aad(self, instance: models.Model) -> str:
        key = getattr(instance, row_key_of(type(instance)))
        if key is None:
            raise ValueError(ERR_NO_PK.format(label=instance._meta.label))
        return f"{sealed_label_of(type(instance))}.{self.name}:{key}"

    def open_raw(self, pk: Any, value: Sealed | str, ring: Any = None) -> Any:
        """Open a value read with values_list (no model instance): the same key and associated data.

        `pk` is the row's key the value is bound to: its primary key, or the column the model
        names in `sealed_row_key` (rows whose primary key the database assigns on insert).
        """
        text = value.text if isinstance(value, Sealed) else value
        aad = f"{sealed_label_of(self.model)}.{self.name}:{pk}"
        return self.decode(open_sealed(ring or keyring(), text, aad))

    @property
    def index_purpose(self) -> str:
        return f"{sealed_label_of(self.model)}.{self.name}"

    def index_value(self, plaintext: str) -> str:
        return blind_index(keyring(), self.index_purpose, normalise_for_index(plaintext))

    def encode(self, value: Any) -> bytes:
        return str(value).encode("utf-8")

    def decode(self, raw: bytes) -> Any:
        return raw.decode("utf-8")

    def unseal(self, instance: models.Model, text: str) -> Any:
        return self.decode(open_sealed(keyring(), text, self._aad(instance)))

    def index_text(self, value: Any) -> str:
        return str(value)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if self.index_field:
            index = self.index_value(self.index_text(value)) if value not in (None, "") else ""
            setattr(model_instance, self.index_field, index)
        if value is None:
            return None
        return seal(keyring(), self.encode(value), self._aad(model_instance))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return None if value is None else Sealed(value)

    # The column always holds text (the sealed value), whatever the plaintext's type.
    def db_type(self, connection: Any) -> Any:
        return models.TextField().db_type(connection)

    def get_internal_type(self) -> str:
        return "TextField"

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        # pre_save has sealed it already (or an update() passes a sealed text, as rotation does).
        return None if value is None else str(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise ValueError(
                ERR_LOOKUP.format(label=self.model._meta.label, field=self.name, lookup=lookup_name)
            )
        return super().get_lookup(lookup_name)  # type: ignore[misc]


class EncryptedTextField(EncryptedMixin, models.TextField):
    """Text stored sealed; `max_length` is validated on the plaintext."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(MaxLengthValidator(self.max_length))


class EncryptedBinaryField(EncryptedMixin, models.TextField):
    """Bytes (scans) stored sealed as base64 text, so one column type serves every database."""

    def to_python(self, value: Any) -> Any:
        return value

    def encode(self, value: Any) -> bytes:
        return bytes(value)

    def decode(self, raw: bytes) -> Any:
        return raw

    def formfield(self, **kwargs: Any) -> None:
        return None


class EncryptedCodeField(EncryptedMixin, models.CharField):
    """A short code (a wish, a country, a procedure) stored sealed: forms and the API see a CharField.

    The code's choices and `max_length` are checked on the plaintext; the column is text, long
    enough for the sealed value.
    """


class EncryptedBooleanField(EncryptedMixin, models.BooleanField):
    """A yes/no (or unknown) stored sealed, so the column does not tell which rows say yes."""

    def encode(self, value: Any) -> bytes:
        return b"1" if value else b"0"

    def decode(self, raw: bytes) -> Any:
        return raw == b"1"


class EncryptedDateField(EncryptedMixin, models.DateField):
    """A date stored sealed as ISO text; with `index_field`, an exact-date blind index beside it."""

    def encode(self, value: Any) -> bytes:
        return (value.isoformat() if isinstance(value, date) else str(value)).encode("ascii")

    def decode(self, raw: bytes) -> Any:
        return date.fromisoformat(raw.decode("ascii"))

    def index_text(self, value: Any) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        # Forms give dates; a caller may give an ISO string: seal the date it names.
        value = getattr(model_instance, self.attname)
        if isinstance(value, str) and value:
            setattr(model_instance, self.attname, self.to_python(value))
        return super().pre_save(model_instance, add)


class EncryptedJSONField(EncryptedMixin, models.JSONField):
    """A JSON value (a list of codes) stored sealed; forms and the API see a JSONField."""

    def encode(self, value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")

    def decode(self, raw: bytes) -> Any:
        return json.loads(raw.decode("utf-8"))

    def get_transform(self, name: str) -> Any:
        raise ValueError(ERR_LOOKUP.format(label=self.model._meta.label, field=self.name, lookup=name))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        return None if value is None else str(value)


def opened_rows(model: type[models.Model], rows: Any, *names: str) -> list[tuple[Any, ...]]:
    """Rows read with values_list("pk", ...) with the named encrypted columns opened (in batch).

    `names` are the encrypted fields among the row's columns after the primary key, in order;
    any other column is left as read. One keyring for the whole batch.
    """
    ring = None
    fields = [model._meta.get_field(name) if name else None for name in names]
    found = []
    for pk, *values in rows:
        out = [pk]
        for field, value in zip(fields, values, strict=True):
            if field is not None and value is not None and isinstance(field, EncryptedMixin):
                ring = ring or keyring()
                value = field.open_raw(pk, value, ring)
            out.append(value)
        found.append(tuple(out))
    return found


def blind_index_field() -> models.CharField:
    """The companion column of an indexed encrypted field."""
    return models.CharField(max_length=16, blank=True, default="", editable=False, db_index=True)
