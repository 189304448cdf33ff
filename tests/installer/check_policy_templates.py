"""Checks the Group Policy templates in installer/windows/policy: well-formed XML, every policy
writing Software\\Policies\\rdpmedic with a value name, its presentation and strings present in
every ADML, and one policy per setting host/core/src/policy.cpp reads, of the matching kind.

usage: python3 check_policy_templates.py SOURCE_DIR   (exit 1 and one line per fault)
"""
import pathlib
import re
import sys
import xml.etree.ElementTree as ElementTree

NS = {"p": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"}
KEY = "Software\\Policies\\rdpmedic"
# The element a setting's kind is written with (Boolean: the policy's own enabled/disabled value).
ELEMENT_OF_KIND = {"Number": "decimal", "Text": "text", "TextList": "multiText"}


def references(text, kind):
    return re.findall(r"\$\(" + kind + r"\.([A-Za-z0-9_]+)\)", text)


def main(source):
    faults = []
    folder = source / "installer" / "windows" / "policy"
    admx_file = folder / "rdpmedic.admx"
    adml_files = sorted(folder.glob("*/rdpmedic.adml"))
    if not adml_files:
        faults.append(f"{folder}: no LANGUAGE/rdpmedic.adml")
    try:
        admx = ElementTree.parse(admx_file).getroot()
        admls = {f: ElementTree.parse(f).getroot() for f in adml_files}
    except ElementTree.ParseError as error:
        print(f"not well-formed XML: {error}")
        return 1

    text = admx_file.read_text(encoding="utf-8")
    policies = {p.get("name"): p for p in admx.iterfind("p:policies/p:policy", NS)}
    categories = {c.get("name") for c in admx.iterfind("p:categories/p:category", NS)}
    supported = {d.get("name") for d in admx.iterfind("p:supportedOn/p:definitions/p:definition", NS)}
    for name, policy in policies.items():
        if policy.get("key") != KEY:
            faults.append(f"policy {name}: key is {policy.get('key')!r}, not {KEY!r}")
        if policy.get("class") not in ("Machine", "User", "Both"):
            faults.append(f"policy {name}: class {policy.get('class')!r}")
        parent = policy.find("p:parentCategory", NS)
        if parent is None or parent.get("ref") not in categories:
            faults.append(f"policy {name}: no parentCategory among {sorted(categories)}")
        on = policy.find("p:supportedOn", NS)
        if on is None or on.get("ref") not in supported:
            faults.append(f"policy {name}: no supportedOn among {sorted(supported)}")
        elements = list(policy.find("p:elements", NS) or [])
        if not policy.get("valueName") and not elements:
            faults.append(f"policy {name}: writes nothing (no valueName, no elements)")
        for element in elements:
            if not element.get("valueName") or not element.get("id"):
                faults.append(f"policy {name}: element {element.tag} without id or valueName")
        if elements and not policy.get("presentation"):
            faults.append(f"policy {name}: has elements but no presentation")

    strings = set(references(text, "string"))
    presentations = set(references(text, "presentation"))
    for adml_file, adml in admls.items():
        have_strings = {s.get("id") for s in adml.iterfind("p:resources/p:stringTable/p:string", NS)}
        have_presentations = {
            p.get("id"): p for p in adml.iterfind("p:resources/p:presentationTable/p:presentation", NS)}
        for missing in sorted(strings - have_strings):
            faults.append(f"{adml_file}: no string {missing}")
        for missing in sorted(presentations - set(have_presentations)):
            faults.append(f"{adml_file}: no presentation {missing}")
        for name, policy in policies.items():
            ref = references(policy.get("presentation") or "", "presentation")
            if not ref or ref[0] not in have_presentations:
                continue
            ids = {e.get("id") for e in (policy.find("p:elements", NS) or [])}
            refs = {c.get("refId") for c in have_presentations[ref[0]]}
            if ids != refs:
                faults.append(f"{adml_file}: presentation {ref[0]} shows {sorted(refs)}, policy {name} has {sorted(ids)}")

    code = (source / "host" / "core" / "src" / "policy.cpp").read_text(encoding="utf-8")
    settings = re.findall(r'\{"\w+", "(\w+)", Kind::(\w+)(?:, ([\d\']+), ([\d\']+))?\}', code)
    if not settings:
        faults.append("host/core/src/policy.cpp: no settings table found")
    for registry_name, kind, low, high in settings:
        policy = policies.get(registry_name)
        if policy is None:
            faults.append(f"setting {registry_name}: no policy in rdpmedic.admx")
            continue
        if kind == "Boolean":
            if policy.get("valueName") != registry_name or policy.find("p:enabledValue/p:decimal", NS) is None:
                faults.append(f"policy {registry_name}: not an enabled/disabled DWORD of that name")
            continue
        element = policy.find(f"p:elements/p:{ELEMENT_OF_KIND[kind]}", NS)
        if element is None or element.get("valueName") != registry_name:
            faults.append(f"policy {registry_name}: no {ELEMENT_OF_KIND[kind]} element writing {registry_name}")
        elif kind == "Number" and (element.get("minValue"), element.get("maxValue")) != (
                low.replace("'", ""), high.replace("'", "")):
            faults.append(f"policy {registry_name}: range {element.get('minValue')}..{element.get('maxValue')}, "
                          f"the code takes {low}..{high}")
    for name in sorted(set(policies) - {s[0] for s in settings}):
        faults.append(f"policy {name}: rdpmedic reads no such value")

    for fault in faults:
        print(fault)
    print(f"{len(policies)} policies, {len(admls)} ADML file(s): {'ok' if not faults else f'{len(faults)} faults'}")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1])))
