#!/usr/bin/env python3
"""Writes the seed corpus of one fuzz target into a folder, from the project's own files.

Usage: Fuzz/seeds.py TARGET DIR

parse, eval  the golden scripts (Tests/scripts/**/*.ccs)
json         the JSON fixtures and golden outputs that are JSON, plus small hostile cases
yaml         the YAML fixtures and small documents (anchors, tags, base-60, multi-line)
csv, ndjson, sse   small documents in each format, well-formed and not
catalog      stdlib/apis/*.yaml and the OpenAPI fixtures
sandbox      one request per operation of stdlib/apis/endpoints.tsv, authenticated, plus
             admin requests (the request format is in Sources/CCSFuzzTargets/ServiceTargets.swift)
config       the ```toml blocks of docs/*.md and small TOML documents of every construct
regex        the patterns of the golden scripts and small ones of every construct, with texts
"""

import csv
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "CCSAPITests" / "Fixtures"

SMALL = {
    "json": [
        '{"a": [1, 2.5, -0, 1e308, true, null], "b": {"c": "\\u00e9\\ud83d\\ude00"}}',
        '[]', '{}', '"\\u0000"', '123456789012345678901234567890', '[1,]', '{"a" 1}',
        '[' * 600 + ']' * 600, '"\\ud800"', '\ufeff{"bom": 1}',
    ],
    "yaml": [
        "a: 1\nb: [x, y]\nc: {d: e}\n", "- &a {x: 1}\n- *a\n", "t: 2026-01-01T00:00:00Z\n",
        "s: |\n  multi\n  line\n", "n: 1:30:00\n", "b: !!binary aGVsbG8=\n", "? [a, b]\n: c\n",
        "x: .inf\ny: .nan\nz: 0x1F\nw: 0o17\n", "---\na: 1\n---\nb: 2\n", "a: 'unterminated\n",
    ],
    "csv": [
        "name,age\nann,30\nbob,\n", "a;b\n1;2\n", 'x,"y ""quoted"", z"\n1,"2\n3"\n',
        "\ta\tb\n\t1\t2\n", "a,a,\n1,2,3,4\n", '"unterminated\n', "\r\n\r\n", "h\n1.5\ntrue\nnull\n",
    ],
    "ndjson": [
        '{"a":1}\n{"a":2}\n', '[1]\r\n"x"\r\n', '\n\n{"a":\n', '{"a":1}{"b":2}\n', '1\n2\n3',
    ],
    "config": [
        'default_profile = "prod"\n[clever]\nconsumer_key = "k"\n[profiles.prod]\napi = "cloudron"\n'
        'domain = "my.example.com"\ntoken_env = "T"\nreadonly = true\n',
        "a.b = 1\n[t]\nx = { y = [1, 2.5, -inf], z = 1979-05-27T07:32:00Z }\n[[arr]]\n[[arr]]\nq = 'lit'\n",
        's = """\nmulti \\\n  line\\u00e9"""\nl = \'\'\'raw\nx\'\'\'\nh = 0xdead_beef\no = 0o17\nb = 0b101\n',
        "d = 2024-02-29\nt = 07:32:00.5\nl = 1979-05-27 07:32:00\n\"quoted key\" = 'v'\n",
        "# comment\r\ndefault_profile = \"\"\"\nold\n\"\"\"\r\n",
        "[a]\n[a]\n", "x = 012\n", "x = [1 2]\n", "[[a]]\n[a]\n",
    ],
    "regex": [
        "[0-9]+\ndeploy-42", "(?i)error\nERROR: x", "^(\\d+)-(\\d+)$\n2026-12",
        "(?<y>\\d{4})-(?<m>\\d\\d)?\n2026-1", "\\bw\\w*\\b\nhé wörld", "(?m)^a$\nb\na\r\n",
        "[[:alpha:]&&[^aeiou]]+|\\p{Lu}\nxyzÉ", "(x+x+)+y\nxxxxxxxxxxxxxxxxxxxxxxxx", "a*?|b{2,3}\nbbbb",
        "(?s).{1,3}\\Z\na\nb\n", "(?x) a  b # c\nab", "\\Qa.b\\E[^]\\]]\na.b]", "(a|)+\naa",
        "\\x{1F600}|\\u00e9|\\0101\nA", "(?i:straSSe)|K\n\u212a", "((((a)))){3}\naaa",
    ],
    "sse": [
        "event: APPLICATION_LOG\nid: 1\ndata: {\"a\":1}\n\n", "data: a\ndata: b\n\n",
        ": comment\nretry: 1000\n\n", "event: END_OF_STREAM\r\ndata: {}\r\n\r\n", "data:x\rdata:y\r\r",
        "id: 7\u0000\ndata\n\n",
    ],
}


def write(folder: Path, data: bytes) -> None:
    name = hashlib.sha1(data).hexdigest()
    (folder / name).write_bytes(data)


def golden_scripts():
    return sorted((ROOT / "Tests" / "scripts").rglob("*.ccs"))


def sandbox_requests():
    tokens = {
        "cloudron": "Authorization: Bearer cloudron-demo-owner-token-rw",
        "clever": "Authorization: Bearer clever-demo-api-token",
    }
    with open(ROOT / "stdlib" / "apis" / "endpoints.tsv", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            path = row["path"]
            if row["api"] == "cloudron" and not path.startswith("/api/v1"):
                path = "/api/v1" + path
            path = re.sub(r"\{([A-Za-z_]+)\}", lambda m: "x-" + m.group(1), path)
            head = f"{row['method']} {path}\n{tokens.get(row['api'], '')}\n"
            body = ""
            if row["method"] in ("POST", "PUT", "PATCH"):
                head += "Content-Type: application/json\n"
                body = json.dumps({"name": "fuzz", "enabled": True, "value": 1})
            yield head + "\n" + body
    yield "GET /__sandbox/requests\n\n"
    yield 'POST /__sandbox/faults\nContent-Type: application/json\n\n{"rateLimitNextRequests": 1}'
    yield "GET /api/v1/tasks?page=2&per_page=5\nAuthorization: Bearer cloudron-demo-owner-token-rw\n\n"
    yield "GET /v2/self\nAuthorization: Bearer clever-demo-api-token\n\n===\nGET /v2/organisations\nAuthorization: Bearer clever-demo-api-token\n\n"


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    target, folder = sys.argv[1], Path(sys.argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    if target in ("parse", "eval"):
        for path in golden_scripts():
            write(folder, path.read_bytes())
    elif target == "catalog":
        for path in sorted((ROOT / "stdlib" / "apis").glob("*.yaml")) + sorted(FIXTURES.glob("*.*")):
            if path.suffix in (".yaml", ".json"):
                write(folder, path.read_bytes())
    elif target == "sandbox":
        for text in sandbox_requests():
            write(folder, text.encode())
    elif target == "config":
        for text in SMALL[target]:
            write(folder, text.encode())
        for path in sorted((ROOT / "docs").glob("*.md")):
            for block in re.findall(r"```toml\n(.*?)```", path.read_text(), re.S):
                write(folder, block.encode())
    elif target == "regex":
        for text in SMALL[target]:
            write(folder, text.encode())
        for path in golden_scripts():
            for pattern in re.findall(r"(?:=~|--regex) '([^'\n]*)'", path.read_text()):
                write(folder, (pattern + "\n" + "a1 é-_\nB").encode())
    elif target in SMALL:
        for text in SMALL[target]:
            write(folder, text.encode())
        if target == "json":
            for path in sorted(FIXTURES.glob("*.json")):
                write(folder, path.read_bytes())
        if target == "yaml":
            for path in sorted(FIXTURES.glob("*.yaml")):
                write(folder, path.read_bytes())
    else:
        print(f"seeds.py: unknown target '{target}'", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
