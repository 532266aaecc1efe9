"""Additional Protocol I (1977), in the order of its articles."""

from __future__ import annotations

from safepassage.law.data import party_since
from safepassage.law.instruments.gc3 import STATUS_5
from safepassage.law.rules import U, V, rule
from safepassage.law.scope import Clause, Run

# Art. 43 (definition of armed forces) is not formalised: `affiliation` carries its result.
STATUS_4 = rule("STATUS-4", "Any combatant who falls into the power of an adverse party is a "
                "prisoner of war.", ("AP I Art. 44(1)", U))
# Art. 44(3)-(4) (distinction and its forfeiture) is not formalised: no fact carries it.
# STATUS-5's second source, Art. 45(1), is defined with STATUS-5 in gc3 and applied below.
STATUS_7 = rule("STATUS-7", "A member of the armed forces caught engaging in espionage while not "
                "in uniform loses the right to POW status.", ("AP I Art. 46", U))
STATUS_6 = rule("STATUS-6", "A mercenary has no right to POW status, but only if all six "
                "criteria (a)-(f) hold.", ("AP I Art. 47(2)", V))
# Art. 75 (fundamental guarantees) is not formalised: it protects everyone, whatever status.
# Art. 85(4)(b) (unjustified delay in repatriation) is cited by REPAT-3 in gc3.

MERCENARY = ("a", "b", "c", "d", "e", "f")


def _spy(run: Run) -> str | None:
    return "not_pow_spy" if run.facts.espionage_out_of_uniform else None


def _mercenary(run: Run) -> str | None:
    criteria = run.facts.mercenary_criteria
    # Soldiers sent officially by their state fail (e)/(f): one false or unknown criterion suffices.
    return "not_pow_mercenary" if all(criteria.get(k) is True for k in MERCENARY) else None


def _unknown_affiliation(run: Run) -> str | None:
    f = run.facts
    if f.affiliation != "unknown":
        return None
    f.need("affiliation")
    f.need("belligerent_act")
    return "pow_pending_tribunal" if f.belligerent_act else None


def both_parties(a: str | None, b: str | None, run: Run) -> bool:
    """Whether AP I binds both states on the assessment date."""
    if a is None or b is None:
        return False
    since_a, since_b = party_since("ap1", a), party_since("ap1", b)
    as_of = run.facts.as_of
    return since_a is not None and since_b is not None and since_a <= as_of and since_b <= as_of


ART_46_SPY = Clause("api.art_46_espionage", STATUS_7, ("espionage_out_of_uniform",), _spy)
ART_47_MERCENARY = Clause("api.art_47_2_mercenary", STATUS_6, ("mercenary_criteria",), _mercenary)
ART_45_UNKNOWN = Clause("api.art_45_1_presumption", STATUS_5, ("affiliation", "belligerent_act"),
                        _unknown_affiliation, ("GC III Art. 5(2)", "AP I Art. 45(1)"))
