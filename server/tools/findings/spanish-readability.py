"""Fernández-Huerta and Szigriszt-Pazos of each text, with textstat (PyPI, pinned by the caller).

Reads a JSON list of texts on stdin, writes a JSON list of {"fernandezHuerta", "szigrisztPazos"}.
"""
import json
import sys

import textstat

textstat.set_lang("es")
texts = json.load(sys.stdin)
json.dump(
    [
        {"fernandezHuerta": textstat.fernandez_huerta(t), "szigrisztPazos": textstat.szigriszt_pazos(t)}
        for t in texts
    ],
    sys.stdout,
)
