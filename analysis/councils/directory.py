"""One record per council across years, built from the mySociety and ONS registers and
the authorities seen in the spending workbooks (police, fire and other bodies are only
there).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.vocabulary import CLASS_LABELS

TYPE_TO_CLASS = {"NMD": "SD", "UA": "UA", "MD": "MD", "LBO": "L", "CC": "L", "CTY": "SC", "COMB": "O", "SRA": "O"}
REGION_ABBREVIATIONS = {
    "NE": "North East",
    "NW": "North West",
    "YH": "Yorkshire and The Humber",
    "EM": "East Midlands",
    "WM": "West Midlands",
    "EE": "East of England",
    "L": "London",
    "SE": "South East",
    "SW": "South West",
}
REGISTER_COLUMNS = [
    "council_id",
    "name",
    "official_name",
    "ecode",
    "ons_code",
    "former_ons_codes",
    "class",
    "class_label",
    "region",
    "county",
    "start_date",
    "end_date",
    "successor_id",
    "successor",
    "alt_names",
    "population_2020",
]


def read_register_sources(folder: Path) -> dict[str, pd.DataFrame]:
    """The three register CSVs as published (BOMs handled)."""
    return {
        "authorities": pd.read_csv(folder / "uk_local_authorities.csv", dtype=str, keep_default_na=False),
        "gss_lookup": pd.read_csv(folder / "lookup_gss_to_registry.csv", dtype=str, keep_default_na=False),
        "ltla14": pd.read_csv(folder / "ltla14-lookup.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig"),
    }


def _latest_per_ecode(spending: pd.DataFrame) -> pd.DataFrame:
    cols = ["ecode", "ons_code", "name", "class", "region", "year"]
    seen = spending[cols].drop_duplicates(["ecode", "year"]).sort_values("year")
    latest = seen.groupby("ecode").last()
    # an ONS code from any year beats none (the oldest workbooks have no ONS column)
    latest["ons_code"] = seen.dropna(subset=["ons_code"]).groupby("ecode")["ons_code"].last()
    latest["region"] = seen.dropna(subset=["region"]).groupby("ecode")["region"].last()
    latest["names"] = seen.groupby("ecode")["name"].agg(lambda s: "|".join(dict.fromkeys(s)))
    return latest


def build_register(sources: dict[str, pd.DataFrame], spending: pd.DataFrame) -> pd.DataFrame:
    """One row per council: mySociety's English councils plus every other spending body."""
    ms = sources["authorities"]
    ms = ms[ms["nation"] == "England"].copy()
    by_spending = _latest_per_ecode(spending)
    ons_to_ecode = {ons: e for e, ons in by_spending["ons_code"].dropna().items()}

    gss = sources["gss_lookup"]
    former = (
        gss.merge(ms[["local-authority-code", "gss-code"]], on="local-authority-code", suffixes=("", "_now"))
        .query("`gss-code` != `gss-code_now`")
        .groupby("local-authority-code")["gss-code"]
        .agg(lambda s: ";".join(sorted(s)))
    )

    def ecode_for(council: str, gss_code: str, ecode: str) -> str:
        if ecode:
            return ecode
        for code in [gss_code, *former.get(council, "").split(";")]:
            if code in ons_to_ecode:
                return ons_to_ecode[code]
        return ""

    names = dict(zip(ms["local-authority-code"], ms["nice-name"]))
    register = pd.DataFrame(
        {
            "council_id": ms["local-authority-code"],
            "name": ms["nice-name"],
            "official_name": ms["official-name"],
            "ecode": [
                ecode_for(c, g, e)
                for c, g, e in zip(ms["local-authority-code"].tolist(), ms["gss-code"].tolist(), ms["ecode"].tolist())
            ],
            "ons_code": ms["gss-code"],
            "former_ons_codes": ms["local-authority-code"].map(former).fillna(""),
            "class": ms["local-authority-type"].map(TYPE_TO_CLASS).fillna("O"),
            "region": ms["region"],
            "county": ms["county-la"].map(names).fillna(""),
            "start_date": ms["start-date"],
            "end_date": ms["end-date"],
            "successor_id": ms["replaced-by"],
            "successor": ms["replaced-by"].map(names).fillna(""),
            "alt_names": ms["alt-names"].str.replace(",", "|"),
            "population_2020": pd.to_numeric(ms["pop-2020"], errors="coerce"),
        }
    )

    # Bodies that only the spending returns know (police, fire, waste, parks, transport ...).
    known = set(register["ecode"])
    extra = by_spending[~by_spending.index.isin(known)]
    others = pd.DataFrame(
        {
            "council_id": extra.index,
            "name": extra["name"],
            "official_name": extra["name"],
            "ecode": extra.index,
            "ons_code": extra["ons_code"].fillna(""),
            "former_ons_codes": "",
            "class": extra["class"],
            "region": extra["region"].map(REGION_ABBREVIATIONS).fillna(""),
            "county": "",
            "start_date": "",
            "end_date": "",
            "successor_id": "",
            "successor": "",
            "alt_names": extra["names"],
            "population_2020": float("nan"),
        }
    )
    register = pd.concat([register, others], ignore_index=True)

    # Spending names are spellings too ("Bristol UA", "Stafford BC").
    spelt = by_spending["names"]
    register["alt_names"] = [
        "|".join(filter(None, [alt, spelt.get(e, "")])) for alt, e in zip(register["alt_names"], register["ecode"])
    ]
    # A council's class in the returns wins over the register's type where both exist.
    register["class"] = [by_spending["class"].get(e, k) for e, k in zip(register["ecode"], register["class"])]
    register["region"] = _regions(register, sources["ltla14"], by_spending)
    register["class_label"] = register["class"].map(CLASS_LABELS)
    return register[REGISTER_COLUMNS].reset_index(drop=True)


def _regions(register: pd.DataFrame, ltla14: pd.DataFrame, by_spending: pd.DataFrame) -> list[str]:
    """ONS first (mySociety misplaces some counties), then DCLG's 2014-15 column, then mySociety."""
    by_ltla = dict(zip(ltla14["ltlacd"], ltla14["rgnnm"]))
    by_county = ltla14[ltla14["ctycd"] != ""].groupby("ctycd")["rgnnm"].agg(lambda s: s.mode().iat[0])
    dclg = by_spending["region"].dropna().map(REGION_ABBREVIATIONS)
    out = []
    columns = ("ons_code", "former_ons_codes", "ecode", "region")
    for ons, former, ecode, fallback in zip(*(register[c].tolist() for c in columns)):
        codes = [ons, *former.split(";")]
        region = next((by_ltla.get(c) or by_county.get(c) for c in codes if by_ltla.get(c) or by_county.get(c)), None)
        out.append(region or dclg.get(ecode) or fallback or "")
    return out


def attach_council_ids(spending: pd.DataFrame, register: pd.DataFrame) -> pd.DataFrame:
    """Spending rows with council_id, and ONS code and region filled from the register."""
    by_ecode = register[register["ecode"] != ""].drop_duplicates("ecode").set_index("ecode")
    out = spending.copy()
    out["council_id"] = out["ecode"].map(by_ecode["council_id"])
    out["ons_code"] = out["ons_code"].fillna(out["ecode"].map(by_ecode["ons_code"]).replace("", None))
    out["region"] = out["ecode"].map(by_ecode["region"])
    return out


def council_ids_for_codes(codes: pd.Series, register: pd.DataFrame, spending: pd.DataFrame) -> pd.Series:
    """The council id behind each ONS code (or E-code, for bodies with no ONS code).

    In order: the code the returns themselves pair with an authority (the GLA files under
    E12000007), the register's current code, then a former code (a council renamed or recoded).
    Unknown codes give NA.
    """
    seen = spending.dropna(subset=["council_id"]).drop_duplicates(["ons_code", "ecode", "council_id"])
    lookups = [
        dict(zip(seen["ons_code"].dropna(), seen.loc[seen["ons_code"].notna(), "council_id"])),
        dict(zip(seen["ecode"], seen["council_id"])),
        {c: i for c, i in zip(register["ons_code"], register["council_id"]) if c},
        {
            code: i
            for former, i in zip(register["former_ons_codes"], register["council_id"])
            for code in former.split(";")
            if code
        },
    ]
    out = pd.Series(pd.NA, index=codes.index, dtype="object")
    for lookup in lookups:
        out = out.fillna(codes.map(lookup))
    return out
