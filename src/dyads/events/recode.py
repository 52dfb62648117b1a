"""CAMEO's rules for intentions, threats, demands and refusals.

An action that is only announced is not that action: "Finland will give Tanzania a grant" is
an intent to give aid (AGREE, 0331), "Israel threatened to ban voting" a threat (THREATEN,
1322), "Syria will not accept refugees" a refusal (REJECT). The same holds for the complement
of a governing trigger ("agreed to meet", "urged X to withdraw", "refused to release"): the
governing event is coded, with the CAMEO detail its complement gives.
"""

from __future__ import annotations

COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
CONFLICT = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST", "THREATEN"})

# complement CAMEO code (longest prefix wins) -> the code of the governing type
_INTENT = {
    "04": "036", "045": "039", "046": "036", "05": "032", "057": "030", "06": "031",
    "061": "0311", "062": "0312", "063": "0313", "064": "0314", "07": "033", "071": "0331",
    "072": "0332", "073": "0333", "074": "0334", "075": "033", "08": "035", "081": "0351",
    "082": "0352", "083": "034", "084": "0353", "085": "0354", "086": "0355", "087": "0356",
}  # fmt: skip
_THREAT = {
    "14": "133", "15": "138", "16": "1312", "161": "1313", "162": "1311", "164": "134",
    "165": "135", "166": "136", "163": "1312", "17": "132", "1721": "1321", "1722": "1322",
    "1723": "1323", "1724": "1324", "191": "1381", "192": "1382", "18": "1383", "19": "1384",
    "20": "1385", "13": "130",
}  # fmt: skip
_DEMAND = {
    "04": "106", "045": "108", "046": "106", "05": "102", "06": "101", "061": "1011",
    "062": "1012", "063": "1013", "064": "1014", "07": "103", "071": "1031", "072": "1032",
    "073": "1033", "074": "1034", "08": "105", "081": "1051", "082": "1052", "083": "104",
    "084": "1053", "085": "1054", "086": "1055", "087": "1056",
}  # fmt: skip
_REFUSAL = {
    "03": "120", "04": "125", "045": "126", "05": "120", "06": "121", "061": "1211",
    "062": "1212", "063": "1213", "064": "1214", "07": "122", "071": "1221", "072": "1222",
    "073": "1223", "074": "1224", "08": "124", "081": "1241", "082": "1242", "083": "123",
    "084": "1243", "085": "1244", "086": "1245", "087": "1246",
}  # fmt: skip
# An appeal ("urged Israel to halt ...", CAMEO 02) keeps its cooperative root.
_APPEAL = {
    "03": "020", "04": "026", "045": "028", "046": "026", "05": "022", "06": "021",
    "061": "0211", "062": "0212", "063": "0213", "064": "0214", "07": "023", "071": "0231",
    "072": "0232", "073": "0233", "074": "0234", "08": "025", "081": "0251", "082": "0252",
    "083": "024", "084": "0253", "085": "0254", "086": "0255", "087": "0256",
}  # fmt: skip
_TABLES = {"AGREE": _INTENT, "THREATEN": _THREAT, "REQUEST": _DEMAND, "REJECT": _REFUSAL}


def _lookup(table: dict[str, str], code: str) -> str | None:
    for n in range(len(code), 1, -1):
        found = table.get(code[:n])
        if found is not None:
            return found
    return None


def governed(governor_type: str, governor_code: str, complement_code: str, complement_type: str
             ) -> tuple[str, str]:  # fmt: skip
    """(type, CAMEO code) of a governing event given the event it absorbed."""
    gtype = governor_type
    if gtype == "AGREE" and complement_type == "MOBILIZE":
        return gtype, "0332"  # "offered to send troops": an offer of military support
    if gtype == "AGREE" and complement_type in CONFLICT:
        gtype = "THREATEN"  # "vowed to retaliate"
    table = _TABLES.get(gtype)
    if gtype == "REQUEST" and governor_code.startswith("02"):
        table = _APPEAL
    if table is None:
        return gtype, governor_code
    code = _lookup(table, complement_code)
    if code is None:
        return gtype, governor_code if gtype == governor_type else _default(gtype)
    return gtype, code


def announced(
    event_type: str, code: str, *, negated: bool, conditional: bool = False
) -> tuple[str, str] | None:
    """(type, code) for an action that is only intended or refused, or None to keep it.

    An intent bound to a condition on someone else ("will withdraw its troops unless X holds
    elections") is a threat, not a promise."""
    if negated and event_type in COOPERATIVE:
        return "REJECT", _lookup(_REFUSAL, code) or "120"
    if negated:
        return None
    if conditional and event_type in COOPERATIVE and event_type != "AGREE":
        return "THREATEN", "130"
    if event_type in COOPERATIVE and event_type != "AGREE":
        return "AGREE", _lookup(_INTENT, code) or "030"
    if event_type in CONFLICT and event_type != "THREATEN":
        return "THREATEN", _lookup(_THREAT, code) or "130"
    return None


def _default(event_type: str) -> str:
    return {"AGREE": "030", "THREATEN": "130", "REQUEST": "100", "REJECT": "120"}[event_type]
